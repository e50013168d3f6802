package format

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"
)

func TestCheckJSONText(t *testing.T) {
	tests := []struct {
		name, json string
		at         int    // -1: accepted
		want       string // in the error
	}{
		{"plain", `{"id":1,"text":"نص","meta":{"a":[{"a":1},{"a":2}]}}`, -1, ""},
		{"same key in sibling objects", `[{"k":1},{"k":2}]`, -1, ""},
		{"same key at two depths", `{"k":{"k":1}}`, -1, ""},
		{"a surrogate pair", `{"text":"\ud83d\ude42"}`, -1, ""},
		{"escapes that are not keys", `{"a":"\"a\"","b":"\\\/"}`, -1, ""},
		{"duplicate key", `{"id":1,"text":"a","text":"b"}`, 19, `the key "text" appears twice`},
		{"duplicate through an escape", `{"text":1,"t\u0065xt":2}`, 10, `the key "text" appears twice`},
		{"duplicate deep down", `{"meta":{"x":[{"y":1,"y":2}]}}`, 21, `the key "y" appears twice`},
		{"duplicate key after a nested object", `{"a":{"b":1},"a":2}`, 13, `the key "a" appears twice`},
		{"lone high surrogate", `{"text":"\ud800"}`, 8, `\ud800, half of a UTF-16 surrogate pair alone`},
		{"high surrogate before a letter", `{"text":"\ud800\u0041"}`, 8, `\ud800, half`},
		{"lone low surrogate", `{"text":"a\udc00b"}`, 8, `\udc00, half`},
		{"lone surrogate in a key", `{"\udbff":1}`, 1, `\udbff, half`},
		{"long duplicate key cut", `{"` + strings.Repeat("ك", 200) + `":1,"` + strings.Repeat("ك", 200) + `":2}`, 406, `…`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if !json.Valid([]byte(tt.json)) {
				t.Fatalf("the test's JSON is not valid")
			}
			at, err := CheckJSONText([]byte(tt.json))
			if at != tt.at {
				t.Errorf("at %d, want %d (%v)", at, tt.at, err)
			}
			if tt.at < 0 {
				if err != nil {
					t.Errorf("refused: %v", err)
				}
				return
			}
			if err == nil || !errors.Is(err, ErrFormat) || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error %v, want %q", err, tt.want)
			}
			if len(err.Error()) > 300 {
				t.Errorf("error of %d bytes", len(err.Error()))
			}
		})
	}
}

// FuzzCheckJSONText: any bytes give an offset inside them with an error,
// or -1 without; never a panic. On valid JSON without escapes, an error
// means an object really holds a key twice.
func FuzzCheckJSONText(f *testing.F) {
	for _, s := range []string{`{"a":1,"a":2}`, `{"t":"\ud800"}`, `[{"k":"\ud83d\ude42"}]`, `{"a":{"b":[1,{"c":"\"}"}]}}`, `{"x`, `"\u12`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		at, err := CheckJSONText(b)
		if (err == nil) != (at == -1) || at >= len(b) {
			t.Fatalf("at %d, err %v", at, err)
		}
		if err != nil && json.Valid(b) && !strings.Contains(string(b), `\`) && !strings.Contains(err.Error(), "appears twice") {
			t.Fatalf("valid JSON without escapes refused: %v", err)
		}
	})
}
