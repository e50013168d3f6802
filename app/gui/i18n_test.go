package gui

import (
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"testing"

	"fyne.io/fyne/v2"

	"alama/app/textview"
)

// TestTranslationsComplete checks that every UI string passed to tr has an
// Arabic and an English entry, and that no entry is left unused.
func TestTranslationsComplete(t *testing.T) {
	sources, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	call := regexp.MustCompile(`\btr\(("(?:[^"\\]|\\.)*")`)
	used := map[string]bool{}
	for _, f := range sources {
		if filepath.Ext(f) != ".go" || len(f) > 8 && f[len(f)-8:] == "_test.go" {
			continue
		}
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range call.FindAllStringSubmatch(string(src), -1) {
			s, err := strconv.Unquote(m[1])
			if err != nil {
				t.Fatalf("%s: %v", f, err)
			}
			used[s] = true
		}
	}
	used[directionKey] = true
	if len(used) < 50 {
		t.Fatalf("found only %d UI strings: the pattern no longer matches tr calls", len(used))
	}
	for _, lang := range []string{"ar", "en"} {
		data, err := os.ReadFile(filepath.Join("translations", lang+".json"))
		if err != nil {
			t.Fatal(err)
		}
		var table map[string]string
		if err := json.Unmarshal(data, &table); err != nil {
			t.Fatalf("%s.json: %v", lang, err)
		}
		for s := range used {
			if table[s] == "" {
				t.Errorf("%s.json has no entry for %q", lang, s)
			}
		}
		for s := range table {
			if !used[s] {
				t.Errorf("%s.json has an unused entry %q", lang, s)
			}
		}
	}
}

func TestSetSide(t *testing.T) {
	const lead, trail = fyne.TextAlignLeading, fyne.TextAlignTrailing
	for _, tc := range []struct {
		name, text  string
		right, left fyne.TextAlign
	}{
		{"arabic", "كَتَبَ الوزيرُ 🙂", lead, trail},
		{"latin", "NovaTech 🙂", trail, lead},
		{"latin first", "(NovaTech) تعلن", trail, lead},
		{"arabic first", "«الحكومة» Apple", lead, trail},
		{"digits only", "2024/7", lead, trail},
	} {
		t.Run(tc.name, func(t *testing.T) {
			l := textview.NewLabel("")
			l.Alignment = fyne.TextAlignCenter
			setRight(l, tc.text)
			if l.Alignment != tc.right || l.Text() != tc.text {
				t.Errorf("setRight: alignment %v, text %q; want %v, %q", l.Alignment, l.Text(), tc.right, tc.text)
			}
			setLeft(l, tc.text)
			if l.Alignment != tc.left {
				t.Errorf("setLeft: alignment %v, want %v", l.Alignment, tc.left)
			}
		})
	}
}

func TestUserText(t *testing.T) {
	ui := "\u200e"
	if rtlUI() {
		ui = "\u200f"
	}
	const lrm, rlm = "\u200e", "\u200f"
	if got, want := userList([]string{"سارة", "t"}), ui+"سارة"+rlm+ui+", "+ui+"t"+lrm+ui; got != want {
		t.Errorf("userList = %q, want %q", got, want)
	}
	for _, tc := range []struct{ in, want string }{
		{"بنسبة 12%", "بنسبة 12%" + rlm},
		{"كَتَبَ 🙂", "كَتَبَ 🙂" + rlm},
		{"NovaTech (2024)", "NovaTech (2024)" + lrm},
		{"2024 🙂", "2024 🙂"},
	} {
		if got := closeRun(tc.in); got != tc.want {
			t.Errorf("closeRun(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}
