package app

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
	"unicode/utf16"
	"unicode/utf8"
)

// FuzzFromUTF16 feeds fromUTF16 arbitrary bytes: it never panics, what it
// returns is UTF-8 unless it was left alone, and UTF-8 text encoded as
// UTF-16 in either byte order comes back as it was.
func FuzzFromUTF16(f *testing.F) {
	for _, name := range []string{"utf16le-bom.txt", "utf16be-bom.txt", "utf16-lone-surrogate.txt"} {
		data, err := os.ReadFile(filepath.Join("testdata", "hostile", name))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	f.Add([]byte("كَتَبَ 🙂"))
	f.Add([]byte{0xFF, 0xFE, 0x3D})
	f.Add([]byte{0xFE, 0xFF, 0xD8, 0x3D, 0xDE, 0x42})
	f.Fuzz(func(t *testing.T, data []byte) {
		out, err := fromUTF16("fuzz.txt", data)
		utf16BOM := bytes.HasPrefix(data, bomUTF16LE) || bytes.HasPrefix(data, bomUTF16BE)
		switch {
		case err != nil && !utf16BOM:
			t.Fatalf("error on a file without a UTF-16 mark: %v", err)
		case err == nil && !utf16BOM && !bytes.Equal(out, data):
			t.Fatal("a file without a UTF-16 mark was changed")
		case err == nil && utf16BOM && !utf8.Valid(out):
			t.Fatalf("converted text is not UTF-8: %q", out)
		}
		if !utf8.Valid(data) || utf16BOM {
			return
		}
		units := utf16.Encode([]rune(string(data)))
		le, be := []byte{0xFF, 0xFE}, []byte{0xFE, 0xFF}
		for _, u := range units {
			le = append(le, byte(u), byte(u>>8))
			be = append(be, byte(u>>8), byte(u))
		}
		for _, enc := range [][]byte{le, be} {
			back, err := fromUTF16("fuzz.txt", enc)
			if err != nil || !bytes.Equal(back, data) {
				t.Fatalf("round trip of %q: %q, %v", data, back, err)
			}
		}
	})
}
