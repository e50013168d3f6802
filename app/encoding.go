package app

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"maps"
	"os"
	"slices"
	"strings"
	"unicode"
	"unicode/utf16"
	"unicode/utf8"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/charmap"

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

// Encodings are the names ImportOptions.Encoding takes for plain-text
// articles not in UTF-8, with the encoding each names: Windows-1256, the
// Arabic legacy encoding of Windows.
var Encodings = map[string]encoding.Encoding{
	"cp1256":       charmap.Windows1256,
	"windows-1256": charmap.Windows1256,
}

// EncodingNames lists the names of Encodings, sorted.
func EncodingNames() []string {
	return slices.Sorted(maps.Keys(Encodings))
}

// encodingHint is what an error about an article in a legacy encoding
// tells the user to do, on the command line and in the window.
const encodingHint = "import it with -encoding cp1256 (in the window: File › Import as format…, format text, encoding Windows-1256)"

// readArticle reads a plain-text article for import. A file over
// annotate.MaxTextBytes is refused before it is read; a UTF-16 file with a
// byte order mark (what some editors save as "Unicode") is converted to
// UTF-8, and so is one in enc, a key of Encodings (none when empty). A
// file that is not UTF-8 but reads as Windows-1256 Arabic is refused with
// a hint to name that encoding. Other checks are format.ReadText's.
func readArticle(name, enc string) ([]byte, error) {
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
	if bytes.HasPrefix(data, bomUTF16LE) || bytes.HasPrefix(data, bomUTF16BE) {
		return fromUTF16(name, data)
	}
	if enc != "" {
		return decodeArticle(name, data, enc)
	}
	if !utf8.Valid(data) && looksLikeCP1256(data) {
		return nil, &format.LineError{File: name, Line: lineOfInvalid(data),
			Err: fmt.Errorf("not UTF-8: it looks like Windows-1256 (Arabic): %s: %w", encodingHint, errLegacyEncoding)}
	}
	return data, nil
}

// errLegacyEncoding is the cause of refusing an article in Windows-1256
// that was not named as such: annotate.ErrBadText, told apart.
var errLegacyEncoding error = legacyEncoding{}

type legacyEncoding struct{}

func (legacyEncoding) Error() string { return annotate.ErrBadText.Error() }
func (legacyEncoding) Unwrap() error { return annotate.ErrBadText }

// legacyEncodingHint adds to err, the error of a file that failed, that
// the file looks like Windows-1256 when it does: the annotation formats
// are read as UTF-8 only (ImportOptions.Encoding converts plain-text
// articles), so the user must convert the file. The first megabyte
// decides.
func legacyEncodingHint(name string, err error) error {
	if errors.Is(err, errLegacyEncoding) {
		return err // an article, refused with its own hint
	}
	f, oerr := os.Open(name)
	if oerr != nil {
		return err
	}
	defer f.Close()
	if info, serr := f.Stat(); serr != nil || !info.Mode().IsRegular() {
		return err
	}
	head, rerr := io.ReadAll(io.LimitReader(f, 1<<20))
	if rerr != nil || utf8.Valid(head) || !looksLikeCP1256(head) {
		return err
	}
	return fmt.Errorf("%w (the file looks like Windows-1256, the Windows Arabic encoding: save it as UTF-8, with iconv -f CP1256 -t UTF-8 say, and import it again)", err)
}

// decodeArticle converts data from the encoding named enc to UTF-8. A
// file that is UTF-8 already, with letters beyond ASCII, is refused: read
// as Windows-1256 its Arabic would turn into other letters.
func decodeArticle(name string, data []byte, enc string) ([]byte, error) {
	e, ok := Encodings[strings.ToLower(enc)]
	if !ok {
		return nil, fmt.Errorf("encoding %s: unknown (known: %s)", annotate.Quote(enc), strings.Join(EncodingNames(), ", "))
	}
	if utf8.Valid(data) && slices.ContainsFunc(data, func(b byte) bool { return b >= utf8.RuneSelf }) {
		return nil, &format.LineError{File: name, Err: fmt.Errorf("the file is UTF-8 already: import it without -encoding %s: %w", enc, format.ErrFormat)}
	}
	out, err := e.NewDecoder().Bytes(data)
	if err != nil {
		return nil, &format.LineError{File: name, Err: fmt.Errorf("not %s: %v: %w", enc, err, errNotUTF8)}
	}
	return out, nil
}

// looksLikeCP1256 reports whether data, read as Windows-1256, is Arabic
// text: nine in ten of its characters beyond ASCII are in the Arabic
// block (letters, harakat, the Arabic comma) or are Arabic quotation
// marks, there are two Arabic letters or more, no control character but
// tab, line ends and form feed, and it is not UTF-8 cut short in the
// middle of a letter. Latin-1 text (whose accented letters
// Windows-1256 mostly shares), UTF-16 and binary data are not.
func looksLikeCP1256(data []byte) bool {
	var arabic, letters, other int
	for _, b := range data {
		if b < ' ' && b != '\t' && b != '\n' && b != '\r' && b != '\f' || b == 0x7f {
			return false // not text: UTF-16, binary
		}
		if b < utf8.RuneSelf {
			continue
		}
		r := charmap.Windows1256.DecodeByte(b)
		switch {
		case r >= 0x0600 && r <= 0x06FF:
			arabic++
			if unicode.IsLetter(r) {
				letters++
			}
		case r == '«' || r == '»' || r == 0x200C || r == 0x200D || r == 0x200E || r == 0x200F:
			arabic++
		default:
			other++
		}
	}
	return letters >= 2 && arabic >= 9*other && !cutUTF8(data)
}

// cutUTF8 reports whether data is UTF-8 cut short in the middle of its
// last character.
func cutUTF8(data []byte) bool {
	for i := len(data) - 1; i >= 0 && i >= len(data)-utf8.UTFMax; i-- {
		if utf8.RuneStart(data[i]) {
			return !utf8.FullRune(data[i:]) && utf8.Valid(data[:i])
		}
	}
	return false
}

// lineOfInvalid returns the line of the first byte of data that is not
// UTF-8.
func lineOfInvalid(data []byte) int {
	bad := len(data)
	for i := 0; i < len(data); {
		r, n := utf8.DecodeRune(data[i:])
		if r == utf8.RuneError && n <= 1 {
			bad = i
			break
		}
		i += n
	}
	return bytes.Count(data[:bad], []byte("\n")) + 1
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
