package annotate

import "errors"

// Errors that callers check with errors.Is. Messages wrap them with context.
var (
	ErrInvalid      = errors.New("invalid")
	ErrBadName      = errors.New("malformed name")
	ErrDuplicate    = errors.New("duplicate")
	ErrUnknownLabel = errors.New("unknown label")
	ErrNotFound     = errors.New("not found")
	ErrOutOfRange   = errors.New("offset out of range")
	ErrNotBoundary  = errors.New("offset not on a grapheme boundary")
	ErrNotAllowed   = errors.New("not allowed by the schema")
	ErrBadText      = errors.New("bad text")
	// ErrReadOnly is the error of every change to a project opened
	// read-only (a file this user may not write).
	ErrReadOnly = errors.New("the project is open read-only")
)
