package annotate

import (
	"errors"
	"testing"
)

func TestNormalizeText(t *testing.T) {
	tests := []struct {
		name    string
		in      string
		want    string
		errLine int // 0: no error
	}{
		{"plain arabic", "قال الوزير", "قال الوزير", 0},
		{"bom stripped", "\uFEFFقال", "قال", 0},
		{"crlf to lf", "سطر١\r\nسطر٢\r\n", "سطر١\nسطر٢\n", 0},
		{"lone cr to lf", "a\rb", "a\nb", 0},
		{"nfc composes", "e\u0301", "\u00e9", 0},
		{"alef with hamza composes", "\u0627\u0654", "\u0623", 0},
		{"harakat kept", "كَتَبَ", "كَتَبَ", 0},
		{"tatweel kept", "جـميل", "جـميل", 0},
		{"emoji kept", "خبر 🙂 عاجل", "خبر 🙂 عاجل", 0},
		{"presentation forms kept", "\uFEFB", "\uFEFB", 0},
		{"empty", "", "", 0},
		{"invalid utf8 line 2", "سطر\n\xff\xfe", "", 2},
		{"nul byte line 3", "a\nb\nc\x00", "", 3},
		{"truncated rune", "قا\xd9", "", 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := NormalizeText([]byte(tt.in))
			if tt.errLine != 0 {
				var te *TextError
				if !errors.As(err, &te) || te.Line != tt.errLine || !errors.Is(err, ErrBadText) {
					t.Fatalf("NormalizeText(%q) error = %v, want TextError at line %d", tt.in, err, tt.errLine)
				}
				return
			}
			if err != nil || got != tt.want {
				t.Fatalf("NormalizeText(%q) = %q, %v; want %q", tt.in, got, err, tt.want)
			}
			if err := CheckText(got); err != nil {
				t.Errorf("CheckText(normalized) = %v", err)
			}
		})
	}
}

func TestCheckTextRejectsUnnormalized(t *testing.T) {
	for _, s := range []string{"\uFEFFa", "a\r\nb", "e\u0301"} {
		if err := CheckText(s); !errors.Is(err, ErrBadText) {
			t.Errorf("CheckText(%q) = %v, want ErrBadText", s, err)
		}
	}
}

// mixed holds Arabic with harakat, tatweel, an astral emoji, a lam-alef and
// Latin, the cases where code points, bytes and graphemes all differ.
const mixed = "كَتَبَ 🙂 جـميل لا NASA"

func TestSliceAndOffsets(t *testing.T) {
	runes := []rune(mixed)
	o := NewOffsets(mixed)
	if o.Len() != len(runes) || RuneLen(mixed) != len(runes) {
		t.Fatalf("Len = %d, RuneLen = %d, want %d", o.Len(), RuneLen(mixed), len(runes))
	}
	for start := 0; start <= len(runes); start++ {
		if got, want := o.Byte(start), len(string(runes[:start])); got != want {
			t.Errorf("Byte(%d) = %d, want %d", start, got, want)
		}
		if got, want := ByteOffset(mixed, start), len(string(runes[:start])); got != want {
			t.Errorf("ByteOffset(%d) = %d, want %d", start, got, want)
		}
		for end := start; end <= len(runes); end++ {
			if got, want := Slice(mixed, start, end), string(runes[start:end]); got != want {
				t.Fatalf("Slice(%d,%d) = %q, want %q", start, end, got, want)
			}
		}
	}
	// Python: "كَتَبَ 🙂 جـميل لا NASA"[7:8] == "🙂"
	if got := Slice(mixed, 7, 8); got != "🙂" {
		t.Errorf("emoji slice = %q", got)
	}
}

func TestBoundaries(t *testing.T) {
	tests := []struct {
		text string
		want []int
	}{
		{"", []int{0}},
		{"كَتَبَ", []int{0, 2, 4, 6}},
		{"لا", []int{0, 1, 2}},
		{"a🙂b", []int{0, 1, 2, 3}},
		{"👍🏽", []int{0, 2}},
		{"\r\n", []int{0, 2}},
		{"بّ", []int{0, 2}},
	}
	for _, tt := range tests {
		t.Run(tt.text, func(t *testing.T) {
			got := Boundaries(tt.text)
			if len(got) != len(tt.want) {
				t.Fatalf("Boundaries(%q) = %v, want %v", tt.text, got, tt.want)
			}
			for i := range got {
				if got[i] != tt.want[i] {
					t.Fatalf("Boundaries(%q) = %v, want %v", tt.text, got, tt.want)
				}
			}
			o := NewOffsets(tt.text)
			set := map[int]bool{}
			for _, b := range tt.want {
				set[b] = true
			}
			for cp := -1; cp <= RuneLen(tt.text)+1; cp++ {
				if got := IsBoundary(tt.text, cp); got != set[cp] {
					t.Errorf("IsBoundary(%q, %d) = %v, want %v", tt.text, cp, got, set[cp])
				}
				if got := o.IsBoundary(cp); got != set[cp] {
					t.Errorf("Offsets.IsBoundary(%q, %d) = %v, want %v", tt.text, cp, got, set[cp])
				}
			}
		})
	}
}

func TestCheckRange(t *testing.T) {
	text := "وكَتَبَ 🙂\nقال"
	tests := []struct {
		name       string
		start, end int
		want       error
	}{
		{"clitic only", 0, 1, nil},
		{"word with harakat", 1, 7, nil},
		{"emoji", 8, 9, nil},
		{"across line", 8, 13, nil},
		{"whole", 0, 13, nil},
		{"end splits haraka", 1, 2, ErrNotBoundary},
		{"start on haraka", 2, 7, ErrNotBoundary},
		{"empty", 3, 3, ErrOutOfRange},
		{"reversed", 5, 3, ErrOutOfRange},
		{"negative", -1, 3, ErrOutOfRange},
		{"past end", 10, 14, ErrOutOfRange},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := CheckRange(text, tt.start, tt.end)
			if tt.want == nil && err != nil || tt.want != nil && !errors.Is(err, tt.want) {
				t.Errorf("CheckRange(%d,%d) = %v, want %v", tt.start, tt.end, err, tt.want)
			}
		})
	}
}

func FuzzNormalizeText(f *testing.F) {
	for _, s := range []string{"", "قال\r\n", "\uFEFFكَتَبَ 🙂", "\xff", "a\x00b", "e\u0301\r", "\u0600 ١٢", "a \u0301b", "👍 🏽 x", "\U0001F1EB \U0001F1F7\U0001F1EB"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		s, err := NormalizeText(data)
		if err != nil {
			return
		}
		if err := CheckText(s); err != nil {
			t.Fatalf("normalized text fails CheckText: %v", err)
		}
		b := Boundaries(s)
		if b[0] != 0 || b[len(b)-1] != RuneLen(s) {
			t.Fatalf("Boundaries ends = %d..%d, want 0..%d", b[0], b[len(b)-1], RuneLen(s))
		}
		set := map[int]bool{}
		for _, cp := range b {
			set[cp] = true
		}
		for cp := 0; cp <= RuneLen(s) && cp < 2000; cp++ {
			if IsBoundary(s, cp) != set[cp] {
				t.Fatalf("IsBoundary(%q, %d) = %v, Boundaries says %v", s, cp, !set[cp], set[cp])
			}
		}
	})
}
