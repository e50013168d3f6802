package format

import (
	"bytes"
	"fmt"
	"strconv"
	"unicode/utf8"

	"alama/annotate"
)

// CheckJSONText reports the first thing in the JSON text b that
// encoding/json accepts but would silently change: an object holding the
// same key twice (the decoder keeps the last value) or a \u escape of half
// a UTF-16 surrogate pair (the decoder turns it into U+FFFD). It returns
// the byte offset of the string at fault with an error wrapping
// ErrFormat, or -1 and nil. Run it on text the decoder has accepted: on
// malformed JSON it may miss things or stop early, never fail.
func CheckJSONText(b []byte) (int, error) {
	type frame struct {
		object bool
		key    bool     // an object's next string is a key
		keys   [][]byte // the keys seen so far, decoded
	}
	var stack []frame
	for i := 0; i < len(b); i++ {
		switch b[i] {
		case '{':
			stack = append(stack, frame{object: true, key: true})
		case '[':
			stack = append(stack, frame{})
		case '}', ']':
			if len(stack) > 0 {
				stack = stack[:len(stack)-1]
			}
		case ',':
			if n := len(stack); n > 0 && stack[n-1].object {
				stack[n-1].key = true
			}
		case '"':
			start := i
			s, end, err := jsonString(b, i)
			if err != nil {
				return start, err
			}
			i = end
			if n := len(stack); n > 0 && stack[n-1].key {
				f := &stack[n-1]
				f.key = false
				for _, k := range f.keys {
					if bytes.Equal(k, s) {
						return start, fmt.Errorf("the key %s appears twice in one object: %w", annotate.Quote(string(s)), ErrFormat)
					}
				}
				f.keys = append(f.keys, s)
			}
		}
	}
	return -1, nil
}

// jsonString reads the JSON string starting at b[at] (a quote) and
// returns its value, with escapes decoded only if it has any, and the
// index of its closing quote. A \u escape of half a surrogate pair is an
// error.
func jsonString(b []byte, at int) ([]byte, int, error) {
	i := at + 1
	plain := i
	for i < len(b) && b[i] != '"' && b[i] != '\\' {
		i++
	}
	if i >= len(b) || b[i] == '"' {
		return b[plain:min(i, len(b))], i, nil
	}
	out := append([]byte(nil), b[plain:i]...)
	for i < len(b) && b[i] != '"' {
		if b[i] != '\\' || i+1 >= len(b) {
			out = append(out, b[i])
			i++
			continue
		}
		c := b[i+1]
		if c != 'u' {
			out = append(out, unescape(c))
			i += 2
			continue
		}
		r, ok := hex4(b, i+2)
		if !ok {
			return nil, i, nil // malformed: the decoder says so
		}
		i += 6
		switch {
		case r >= 0xDC00 && r <= 0xDFFF:
			return nil, i, fmt.Errorf(`the string holds \u%04x, half of a UTF-16 surrogate pair alone: %w`, r, ErrFormat)
		case r >= 0xD800 && r <= 0xDBFF:
			lo, ok := rune(0), i+1 < len(b) && b[i] == '\\' && b[i+1] == 'u'
			if ok {
				lo, ok = hex4(b, i+2)
			}
			if !ok || lo < 0xDC00 || lo > 0xDFFF {
				return nil, i, fmt.Errorf(`the string holds \u%04x, half of a UTF-16 surrogate pair alone: %w`, r, ErrFormat)
			}
			r = (r-0xD800)<<10 | (lo - 0xDC00) + 0x10000
			i += 6
		}
		out = utf8.AppendRune(out, r)
	}
	return out, i, nil
}

// unescape returns the character a JSON escape \c other than \u stands for.
func unescape(c byte) byte {
	switch c {
	case 'b':
		return '\b'
	case 'f':
		return '\f'
	case 'n':
		return '\n'
	case 'r':
		return '\r'
	case 't':
		return '\t'
	}
	return c // \" \\ \/
}

// hex4 reads the four hex digits at b[at:].
func hex4(b []byte, at int) (rune, bool) {
	if at+4 > len(b) {
		return 0, false
	}
	v, err := strconv.ParseUint(string(b[at:at+4]), 16, 32)
	return rune(v), err == nil
}
