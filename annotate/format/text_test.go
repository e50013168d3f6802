package format

import (
	"errors"
	"strings"
	"testing"

	"alama/annotate"
)

func TestReadText(t *testing.T) {
	long := strings.Repeat("كلمة ", 60)
	tests := []struct {
		name, file, in string
		title, text    string
		errLine        int // -1: no error
	}{
		{"title from first line", "a.txt", "عنوان الخبر\nنص 🙂 كَتَبَ\n", "عنوان الخبر", "عنوان الخبر\nنص 🙂 كَتَبَ\n", -1},
		{"crlf and bom", "b.txt", "\uFEFFعنوان\r\nنص\r\n", "عنوان", "عنوان\nنص\n", -1},
		{"leading blank lines", "c.txt", "\n\n  عنوان  \nنص", "عنوان", "\n\n  عنوان  \nنص", -1},
		{"long first line", "dir/news-7.txt", long + "\nنص", "news-7", long + "\nنص", -1},
		{"empty", "e.txt", "", "", "", 0},
		{"blank only", "f.txt", " \n\t\n", "", "", 0},
		{"invalid utf8", "g.txt", "سطر\nسطر\n\xff", "", "", 3},
		{"binary", "h.txt", "PK\x03\x04\x00\x00", "", "", 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d, err := ReadText(tt.file, []byte(tt.in))
			if tt.errLine >= 0 {
				var le *LineError
				if !errors.As(err, &le) || le.File != tt.file || le.Line != tt.errLine {
					t.Fatalf("ReadText error = %v, want %s:%d", err, tt.file, tt.errLine)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if d.Title != tt.title || d.Text != tt.text || d.Status != annotate.StatusNew {
				t.Fatalf("ReadText = %q / %q / %s", d.Title, d.Text, d.Status)
			}
		})
	}
}

func FuzzReadText(f *testing.F) {
	f.Add([]byte("عنوان\nنص 🙂"))
	f.Add([]byte("\xff"))
	f.Add([]byte(""))
	f.Fuzz(func(t *testing.T, data []byte) {
		d, err := ReadText("fuzz.txt", data)
		if err != nil {
			return
		}
		if err := annotate.CheckText(d.Text); err != nil {
			t.Fatalf("accepted text fails CheckText: %v", err)
		}
		if d.Title == "" {
			t.Fatal("empty title")
		}
	})
}
