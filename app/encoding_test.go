package app

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf16"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"

	"alama/annotate/format"
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

// cp1256Text is testdata/hostile/cp1256.txt as UTF-8.
const cp1256Text = "AFP 2024-03-01\r\nقالَ الوزيرُ في بيروت إنّ «الاتفاقَ قريب»، وأضاف أن الوفد سيصل غداً.\r\nوأكد المتحدث باسم الحكومة أن المحادثات مستمرة.\r\n"

// TestReadArticleEncodings: an article in Windows-1256 is refused with
// the hint to name the encoding, and converted when it is named; a UTF-8
// file with -encoding is refused; Latin-1 and binary files are not taken
// for Windows-1256; a UTF-16 byte order mark wins over the encoding.
func TestReadArticleEncodings(t *testing.T) {
	dir := t.TempDir()
	hostile := func(name string) string { return filepath.Join("testdata", "hostile", name) }
	utf8File := filepath.Join(dir, "utf8.txt")
	if err := os.WriteFile(utf8File, []byte(cp1256Text), 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, file, enc string
		want            string // the text read, or
		err             string // part of the error
		line            int    // its line
	}{
		{"cp1256 not named", hostile("cp1256.txt"), "", "", "not UTF-8: it looks like Windows-1256 (Arabic): import it with -encoding cp1256 (in the window: File › Import as format…", 2},
		{"cp1256 named", hostile("cp1256.txt"), "cp1256", cp1256Text, "", 0},
		{"windows-1256 named", hostile("cp1256.txt"), "Windows-1256", cp1256Text, "", 0},
		{"UTF-8 named cp1256", utf8File, "cp1256", "", "the file is UTF-8 already: import it without -encoding cp1256", 0},
		{"UTF-8", utf8File, "", cp1256Text, "", 0},
		{"unknown encoding", hostile("cp1256.txt"), "koi8-r", "", `encoding "koi8-r": unknown (known: cp1256, windows-1256)`, 0},
		{"UTF-16 with cp1256 named", hostile("utf16le-bom.txt"), "cp1256", "", "", 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := readArticle(tt.file, tt.enc)
			if tt.err != "" {
				var le *format.LineError
				if err == nil || !strings.Contains(err.Error(), tt.err) || tt.line > 0 && (!errors.As(err, &le) || le.Line != tt.line || le.File != tt.file) {
					t.Fatalf("error %v, want %q on line %d", err, tt.err, tt.line)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if tt.want != "" && string(got) != tt.want || !utf8.Valid(got) {
				t.Errorf("read %q", got)
			}
		})
	}
	for _, name := range []string{"latin1.txt", "utf16-lone-surrogate.txt"} {
		data, err := os.ReadFile(hostile(name))
		if err != nil {
			t.Fatal(err)
		}
		if looksLikeCP1256(data) {
			t.Errorf("%s taken for Windows-1256", name)
		}
	}
	if looksLikeCP1256(bytes.Repeat([]byte{0x00, 0x9f, 0xff, 0x80, 0x13}, 50)) {
		t.Error("binary bytes taken for Windows-1256")
	}
}

// FuzzDecodeArticle: Arabic text encoded as Windows-1256 is recognized as
// such and decodes back to itself; nothing panics on any bytes.
func FuzzDecodeArticle(f *testing.F) {
	data, err := os.ReadFile(filepath.Join("testdata", "hostile", "cp1256.txt"))
	if err != nil {
		f.Fatal(err)
	}
	f.Add(data)
	f.Add([]byte(cp1256Text))
	f.Add([]byte("é\xff"))
	f.Fuzz(func(t *testing.T, data []byte) {
		looksLikeCP1256(data)
		out, err := decodeArticle("fuzz.txt", data, "cp1256")
		if err == nil && !utf8.Valid(out) {
			t.Fatalf("decoded %q is not UTF-8", out)
		}
		if !utf8.Valid(data) {
			return
		}
		enc, err := charmap.Windows1256.NewEncoder().Bytes(data)
		if err != nil {
			return // not all of it is in Windows-1256
		}
		back, err := decodeArticle("fuzz.txt", enc, "cp1256")
		if err != nil && !utf8.Valid(enc) || err == nil && !bytes.Equal(back, data) {
			t.Fatalf("round trip of %q: %q, %v", data, back, err)
		}
	})
}

// TestCutUTF8IsNotCP1256: UTF-8 Arabic cut in the middle of its last
// letter is UTF-8 cut short, not Windows-1256.
func TestCutUTF8IsNotCP1256(t *testing.T) {
	text := []byte("قال الوزير إن الاتفاق قريب")
	for _, data := range [][]byte{{0xd8}, text[:len(text)-1]} {
		if looksLikeCP1256(data) {
			t.Errorf("%q taken for Windows-1256", data)
		}
	}
}

// TestImportEncoding: app.Import converts a Windows-1256 article named by
// ImportOptions.Encoding, detected as text or named with Format text, and
// refuses an unknown encoding before reading anything.
func TestImportEncoding(t *testing.T) {
	article := filepath.Join("testdata", "hostile", "cp1256.txt")
	want := strings.ReplaceAll(cp1256Text, "\r\n", "\n")
	for _, f := range []string{"", format.Text} {
		t.Run("format "+f, func(t *testing.T) {
			p := openProject(t)
			res, err := Import(p, []string{article}, ImportOptions{Format: f, Encoding: "cp1256"}, &recorder{})
			if err != nil || res.Added != 1 || res.Failed != 0 {
				t.Fatalf("added %d, failed %d, %v", res.Added, res.Failed, err)
			}
			infos, err := p.Documents()
			if err != nil {
				t.Fatal(err)
			}
			d, err := p.Document(infos[0].ID)
			if err != nil {
				t.Fatal(err)
			}
			if d.Text != want {
				t.Errorf("text %q", d.Text)
			}
		})
	}
	p := openProject(t)
	if _, err := Import(p, []string{article}, ImportOptions{Encoding: "latin9"}, &recorder{}); err == nil || !strings.Contains(err.Error(), `encoding "latin9": unknown`) {
		t.Errorf("unknown encoding: %v", err)
	}
}
