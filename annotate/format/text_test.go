package format

import (
	"errors"
	"strings"
	"testing"

	"alama/annotate"
)

func TestReadText(t *testing.T) {
	long := strings.Repeat("ك", MaxTitleRunes+5)
	tests := []struct {
		name, file, in string
		title, text    string
	}{
		{"title from first line", "a.txt", "\n  عنوان الخبر 🙂 \r\nكَتَبَ المراسل", "عنوان الخبر 🙂", "\n  عنوان الخبر 🙂 \nكَتَبَ المراسل"},
		{"bom and nfc", "b.txt", "\uFEFFCafe\u0301", "Café", "Café"},
		{"long title", "c.txt", long, strings.Repeat("ك", MaxTitleRunes) + "…", long},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d, err := ReadText(tt.file, []byte(tt.in))
			if err != nil {
				t.Fatal(err)
			}
			if d.Title != tt.title || d.Text != tt.text || d.Status != annotate.StatusNew {
				t.Errorf("got %q / %q, want %q / %q", d.Title, d.Text, tt.title, tt.text)
			}
		})
	}
	for _, bad := range []struct{ in, want string }{
		{"سطر\nب\xffج", "a.txt:2: invalid UTF-8"},
		{" \n\t\n", "a.txt: empty text"},
		{"", "a.txt: empty text"},
		{"نص\x00", "a.txt:1: NUL byte"},
	} {
		_, err := ReadText("a.txt", []byte(bad.in))
		if !errors.Is(err, annotate.ErrBadText) || !strings.HasPrefix(err.Error(), bad.want) {
			t.Errorf("ReadText(%q) = %v, want %q", bad.in, err, bad.want)
		}
	}
}

func FuzzReadText(f *testing.F) {
	f.Add([]byte("عنوان\nكَتَبَ 🙂"))
	f.Add([]byte("\xef\xbb\xbfa\r\nb"))
	f.Fuzz(func(t *testing.T, in []byte) {
		d, err := ReadText("f.txt", in)
		if err != nil {
			return
		}
		if err := Validate(d); err != nil {
			t.Fatalf("accepted an invalid document: %v", err)
		}
	})
}
