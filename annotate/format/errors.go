package format

import (
	"errors"
	"fmt"
)

// ErrFormat marks input that does not follow a format's rules. Errors from
// importers wrap it (or a more precise annotate error) inside a *LineError.
var ErrFormat = errors.New("malformed input")

// LineError says which line of which file was rejected and why. Line is
// 1-based; 0 means the problem concerns the whole file.
type LineError struct {
	File string
	Line int
	Err  error
}

func (e *LineError) Error() string {
	if e.Line <= 0 {
		return fmt.Sprintf("%s: %v", e.File, e.Err)
	}
	return fmt.Sprintf("%s:%d: %v", e.File, e.Line, e.Err)
}

// Unwrap returns the cause, so errors.Is and errors.As see through it.
func (e *LineError) Unwrap() error { return e.Err }

// lineErr builds a *LineError whose cause is a formatted ErrFormat error.
func lineErr(file string, line int, format string, args ...any) *LineError {
	return &LineError{File: file, Line: line, Err: fmt.Errorf(format+": %w", append(args, ErrFormat)...)}
}
