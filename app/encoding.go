package app

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"unicode/utf16"
	"unicode/utf8"

	"alama/annotate"
	"alama/annotate/format"
)

// errNotUTF8 is the cause of rejecting a file in a UTF-16 encoding that
// cannot be converted.
var errNotUTF8 = errors.New("not UTF-8 text")

// UTF-16 byte order marks.
var (
	bomUTF16LE = []byte{0xFF, 0xFE}
	bomUTF16BE = []byte{0xFE, 0xFF}
)

// readArticle reads a plain-text article for import. A file over
// annotate.MaxTextBytes is refused before it is read; a UTF-16 file with a
// byte order mark (what some editors save as "Unicode") is converted to
// UTF-8. Other checks are format.ReadText's.
func readArticle(name string) ([]byte, error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil {
		return nil, err
	}
	if info.Size() > annotate.MaxTextBytes {
		return nil, &format.LineError{File: name, Err: fmt.Errorf("%s is more than the %s limit for one article: %w",
			ByteSize(info.Size()), ByteSize(annotate.MaxTextBytes), format.ErrFormat)}
	}
	// Read at most one byte past the limit, in case the file grows.
	data, err := io.ReadAll(io.LimitReader(f, annotate.MaxTextBytes+1))
	if err != nil {
		return nil, err
	}
	if len(data) > annotate.MaxTextBytes {
		return nil, &format.LineError{File: name, Err: fmt.Errorf("more than the %s limit for one article: %w", ByteSize(annotate.MaxTextBytes), format.ErrFormat)}
	}
	return fromUTF16(name, data)
}

// fromUTF16 converts data to UTF-8 if it starts with a UTF-16 byte order
// mark and returns it unchanged otherwise. Broken UTF-16 (an odd length, a
// lone surrogate) is an error naming the line.
func fromUTF16(name string, data []byte) ([]byte, error) {
	var order func([]byte) uint16
	switch {
	case bytes.HasPrefix(data, bomUTF16LE):
		order = func(b []byte) uint16 { return uint16(b[0]) | uint16(b[1])<<8 }
	case bytes.HasPrefix(data, bomUTF16BE):
		order = func(b []byte) uint16 { return uint16(b[0])<<8 | uint16(b[1]) }
	default:
		return data, nil
	}
	data = data[2:]
	out := make([]byte, 0, len(data)*3/2)
	line := 1
	for i := 0; i < len(data); i += 2 {
		if i+1 == len(data) {
			return nil, &format.LineError{File: name, Line: line, Err: fmt.Errorf("UTF-16 text ends in half a character: %w", errNotUTF8)}
		}
		u := order(data[i:])
		r := rune(u)
		switch {
		case utf16.IsSurrogate(r) && u < 0xDC00 && i+3 < len(data):
			r = utf16.DecodeRune(r, rune(order(data[i+2:])))
			if r == utf8.RuneError {
				return nil, &format.LineError{File: name, Line: line, Err: fmt.Errorf("broken UTF-16 surrogate pair: %w", errNotUTF8)}
			}
			i += 2
		case utf16.IsSurrogate(r):
			return nil, &format.LineError{File: name, Line: line, Err: fmt.Errorf("broken UTF-16 surrogate pair: %w", errNotUTF8)}
		case r == '\n':
			line++
		}
		out = utf8.AppendRune(out, r)
	}
	return out, nil
}

// checkNotUTF16 refuses a file of an annotation format saved as UTF-16:
// its offsets and JSON are read as UTF-8 bytes, so it must be converted by
// the user, not guessed at.
func checkNotUTF16(name string) error {
	f, err := os.Open(name)
	if err != nil {
		return nil // the reader reports it
	}
	defer f.Close()
	head := make([]byte, 2)
	if n, _ := io.ReadFull(f, head); n == 2 && (bytes.Equal(head, bomUTF16LE) || bytes.Equal(head, bomUTF16BE)) {
		return &format.LineError{File: name, Line: 1, Err: fmt.Errorf("the file is UTF-16: save it as UTF-8 and import it again: %w", errNotUTF8)}
	}
	return nil
}

// ByteSize formats a size in bytes for people: "812 B", "1.5 KB",
// "64.0 MB".
func ByteSize(n int64) string {
	const unit = 1024
	if n < unit {
		return fmt.Sprintf("%d B", n)
	}
	div, exp := int64(unit), 0
	for m := n / unit; m >= unit; m /= unit {
		div *= unit
		exp++
	}
	return fmt.Sprintf("%.1f %cB", float64(n)/float64(div), "KMGTPE"[exp])
}
