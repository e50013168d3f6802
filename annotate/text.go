package annotate

import (
	"bytes"
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/rivo/uniseg"
	"golang.org/x/text/unicode/norm"
)

// TextError says where in an input a text was rejected. Line is 1-based.
type TextError struct {
	Line   int
	Reason string
}

func (e *TextError) Error() string { return fmt.Sprintf("line %d: %s", e.Line, e.Reason) }

// Unwrap makes errors.Is(err, ErrBadText) hold.
func (e *TextError) Unwrap() error { return ErrBadText }

var bom = []byte{0xEF, 0xBB, 0xBF}

// NormalizeText turns raw file bytes into a document text: it rejects invalid
// UTF-8 and NUL bytes (a *TextError with the line), strips a leading BOM,
// turns CRLF and CR into LF and applies NFC. Nothing else is changed.
func NormalizeText(data []byte) (string, error) {
	data = bytes.TrimPrefix(data, bom)
	line := 1
	for i := 0; i < len(data); {
		r, size := utf8.DecodeRune(data[i:])
		switch {
		case r == utf8.RuneError && size <= 1:
			return "", &TextError{Line: line, Reason: fmt.Sprintf("invalid UTF-8 at byte %d", i)}
		case r == 0:
			return "", &TextError{Line: line, Reason: "NUL byte: binary data, not text"}
		case r == '\n':
			line++
		}
		i += size
	}
	if bytes.IndexByte(data, '\r') >= 0 {
		data = bytes.ReplaceAll(data, []byte("\r\n"), []byte("\n"))
		data = bytes.ReplaceAll(data, []byte("\r"), []byte("\n"))
	}
	return norm.NFC.String(string(data)), nil
}

// CheckText reports whether s already satisfies the stored-text rules, as
// NormalizeText would leave it. Imports of formats that carry text use it.
func CheckText(s string) error {
	if utf8.ValidString(s) && strings.IndexByte(s, 0) < 0 && strings.IndexByte(s, '\r') < 0 &&
		!strings.HasPrefix(s, "\uFEFF") && isNFC(s) {
		return nil // what NormalizeText leaves as it is
	}
	n, err := NormalizeText([]byte(s))
	if err != nil {
		return err
	}
	if n != s {
		return &TextError{Line: 1, Reason: "text is not normalized (BOM, CR or not NFC)"}
	}
	return nil
}

// isNFC reports whether valid UTF-8 s is in NFC, as norm.NFC.IsNormalString
// does, several times faster on Arabic and Latin text. It cuts s before
// each simple starter (an ASCII or Arabic letter, digit or punctuation
// mark: combining class 0, and never the second of a composed pair), where
// NFC cannot act across the cut; a piece that is one simple starter
// followed by harakat in canonical order (U+064B–U+0652, whose combining
// classes ascend with their code points) is in NFC, and norm checks any
// other piece.
func isNFC(s string) bool {
	start := 0     // where the current piece starts
	simple := true // the piece so far is a simple starter and harakat in order
	var last rune  // the piece's last rune
	for i, r := range s {
		switch {
		case simpleStarter(r):
			if !simple && !norm.NFC.IsNormalString(s[start:i]) {
				return false
			}
			start, simple = i, true
		case r >= 0x064B && r <= 0x0652 && (last < 0x064B || last > 0x0652 || last <= r):
		default:
			simple = false
		}
		last = r
	}
	return simple || norm.NFC.IsNormalString(s[start:])
}

// simpleStarter reports whether r is an ASCII character or a common
// Arabic letter, digit or punctuation mark: NFC leaves it alone and never
// combines it with what comes before it.
func simpleStarter(r rune) bool {
	return r < 0x80 || r >= 0x0621 && r <= 0x064A || r >= 0x0660 && r <= 0x066D || r == 0x060C || r == 0x061B || r == 0x061F
}

// RuneLen returns the length of s in code points.
func RuneLen(s string) int { return utf8.RuneCountInString(s) }

// ByteOffset returns the byte index in s of code-point offset cp, clamped to
// [0, len(s)].
func ByteOffset(s string, cp int) int {
	if cp <= 0 {
		return 0
	}
	n := 0
	for i := range s {
		if n == cp {
			return i
		}
		n++
	}
	return len(s)
}

// Slice returns s[start:end] in code points, like Python's s[start:end] for
// 0 <= start <= end <= RuneLen(s).
func Slice(s string, start, end int) string {
	b := ByteOffset(s, start)
	return s[b : b+ByteOffset(s[b:], end-start)]
}

// Boundaries returns the grapheme-cluster boundaries of s as code-point
// offsets, ascending, starting with 0 and ending with RuneLen(s).
func Boundaries(s string) []int {
	out := []int{0}
	cp := 0
	g := uniseg.NewGraphemes(s)
	for g.Next() {
		cp += utf8.RuneCountInString(g.Str())
		out = append(out, cp)
	}
	return out
}

// Offsets converts between code-point offsets and byte offsets and knows the
// grapheme boundaries of one text. Build it once per text; it is read-only.
type Offsets struct {
	byteAt   []int  // byteAt[cp] = byte offset of code point cp; len = runes+1
	boundary []bool // boundary[cp] = a grapheme boundary sits before cp
}

// NewOffsets indexes text.
func NewOffsets(text string) *Offsets {
	n := utf8.RuneCountInString(text)
	o := &Offsets{byteAt: make([]int, 0, n+1), boundary: make([]bool, n+1)}
	for i := range text {
		o.byteAt = append(o.byteAt, i)
	}
	o.byteAt = append(o.byteAt, len(text))
	for _, b := range Boundaries(text) {
		o.boundary[b] = true
	}
	return o
}

// Len returns the text's length in code points.
func (o *Offsets) Len() int { return len(o.byteAt) - 1 }

// Byte returns the byte offset of code-point offset cp (0 <= cp <= Len()).
func (o *Offsets) Byte(cp int) int { return o.byteAt[cp] }

// IsBoundary reports whether cp is in range and on a grapheme boundary.
func (o *Offsets) IsBoundary(cp int) bool { return cp >= 0 && cp < len(o.boundary) && o.boundary[cp] }

// CheckRange validates the span range [start, end) against text: in range,
// non-empty, and both edges on grapheme boundaries. It segments only the
// words around the edges, so it stays cheap on long texts.
func CheckRange(text string, start, end int) error {
	if start < 0 || start >= end {
		return fmt.Errorf("span [%d,%d) is empty, reversed or negative: %w", start, end, ErrOutOfRange)
	}
	bs, be := -1, -1
	n := 0
	for i := range text {
		if n == start {
			bs = i
		}
		if n == end {
			be = i
			break
		}
		n++
	}
	if be < 0 && n == end {
		be = len(text)
	}
	switch {
	case be < 0:
		return fmt.Errorf("span [%d,%d) outside text of %d code points: %w", start, end, RuneLen(text), ErrOutOfRange)
	case !isBoundaryAt(text, bs):
		return fmt.Errorf("span start %d splits a character from its marks: %w", start, ErrNotBoundary)
	case !isBoundaryAt(text, be):
		return fmt.Errorf("span end %d splits a character from its marks: %w", end, ErrNotBoundary)
	}
	return nil
}

// IsBoundary reports whether code-point offset cp of text is a grapheme
// boundary. Offsets outside [0, RuneLen(text)] are not.
func IsBoundary(text string, cp int) bool {
	if cp < 0 {
		return false
	}
	b := ByteOffset(text, cp)
	if b == len(text) && cp != RuneLen(text) {
		return false
	}
	return isBoundaryAt(text, b)
}

// isBoundaryAt reports whether byte offset b, which starts a rune or is
// len(text), is a grapheme boundary.
func isBoundaryAt(text string, b int) bool {
	if b == 0 || b == len(text) {
		return true
	}
	from := safeBreakBefore(text, b)
	if from == b {
		return true
	}
	pos := from
	g := uniseg.NewGraphemes(text[from:])
	for g.Next() && pos < b {
		pos += len(g.Str())
	}
	return pos == b
}

// safeBreakBefore returns a byte offset at or before b that is certainly a
// grapheme boundary, close to b (see safeBreakAfter).
func safeBreakBefore(text string, b int) int { return safeBreakAfter(text, b, 0) }

// QuoteRunes is how many code points of a value Quote keeps.
const QuoteRunes = 80

// Quote returns s quoted for a message, as %q does, with everything after
// its first QuoteRunes code points replaced by an ellipsis, so an error
// about a rejected value of any size stays one readable line.
func Quote(s string) string {
	n := 0
	for i := range s {
		if n == QuoteRunes {
			return strconv.Quote(s[:i]) + "…"
		}
		n++
	}
	return strconv.Quote(s)
}
