package gui

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/lang"

	"alama/annotate/format"
	"alama/app/textview"
)

// pluralForms are the CLDR plural categories each UI language needs.
var pluralForms = map[string][]string{
	"en": {"one", "other"},
	"ar": {"zero", "one", "two", "few", "many", "other"},
}

// templateFields lists the {{.Name}} fields of a template.
func templateFields(s string) map[string]bool {
	out := map[string]bool{}
	for _, m := range regexp.MustCompile(`\{\{\s*\.(\w+)\s*\}\}`).FindAllStringSubmatch(s, -1) {
		out[m[1]] = true
	}
	return out
}

// TestTranslationsComplete checks that every UI string passed to tr, trN
// or counted has an Arabic and an English entry, that no entry is left
// unused, that the entries of trN and counted give every plural form the
// language has (and those of tr none), and that no translation uses a
// field its source lacks.
func TestTranslationsComplete(t *testing.T) {
	sources, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	call := regexp.MustCompile(`\b(trN?|counted)\(("(?:[^"\\]|\\.)*")`)
	used := map[string]bool{} // true: counted, through trN or counted
	for _, f := range sources {
		if filepath.Ext(f) != ".go" || len(f) > 8 && f[len(f)-8:] == "_test.go" {
			continue
		}
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range call.FindAllStringSubmatch(string(src), -1) {
			s, err := strconv.Unquote(m[2])
			if err != nil {
				t.Fatalf("%s: %v", f, err)
			}
			used[s] = used[s] || m[1] != "tr"
		}
	}
	used[directionKey] = false
	if len(used) < 50 {
		t.Fatalf("found only %d UI strings: the pattern no longer matches tr calls", len(used))
	}
	counted := 0
	for _, c := range used {
		if c {
			counted++
		}
	}
	if counted < 10 {
		t.Fatalf("found only %d counted UI strings: the pattern no longer matches trN calls", counted)
	}
	for lang, forms := range pluralForms {
		data, err := os.ReadFile(filepath.Join("translations", lang+".json"))
		if err != nil {
			t.Fatal(err)
		}
		var table map[string]json.RawMessage
		if err := json.Unmarshal(data, &table); err != nil {
			t.Fatalf("%s.json: %v", lang, err)
		}
		for s, plural := range used {
			raw, ok := table[s]
			if !ok {
				t.Errorf("%s.json has no entry for %q", lang, s)
				continue
			}
			var texts map[string]string
			if plural {
				if err := json.Unmarshal(raw, &texts); err != nil {
					t.Errorf("%s.json: %q is counted but has no plural forms: %v", lang, s, err)
					continue
				}
				for _, f := range forms {
					if texts[f] == "" {
						t.Errorf("%s.json: %q has no %q form", lang, s, f)
					}
				}
				if len(texts) != len(forms) {
					t.Errorf("%s.json: %q has forms %v, want %v", lang, s, texts, forms)
				}
			} else {
				var text string
				if err := json.Unmarshal(raw, &text); err != nil || text == "" {
					t.Errorf("%s.json: %q needs one text (it is not counted)", lang, s)
					continue
				}
				texts = map[string]string{"": text}
			}
			have := templateFields(s)
			for f, text := range texts {
				for field := range templateFields(text) {
					if !have[field] {
						t.Errorf("%s.json: %q (%s) uses {{.%s}}, which its source has not", lang, s, f, field)
					}
				}
			}
		}
		for s := range table {
			if _, ok := used[s]; !ok {
				t.Errorf("%s.json has an unused entry %q", lang, s)
			}
		}
	}
}

// TestPlurals checks counted messages in English and Arabic for counts of
// every plural category.
func TestPlurals(t *testing.T) {
	docs := "{{.Shown}} of {{.All}} documents"
	more := "«{{.Text}}» occurs {{.Count}} more times here: press P to suggest {{.Label}} there too."
	matches := "{{.Count}} matches"
	for _, tc := range []struct {
		lang, msg string
		n         int
		want      string
	}{
		{"en", matches, 1, "1 match"},
		{"en", matches, 0, "0 matches"},
		{"en", matches, 2, "2 matches"},
		{"en", more, 1, "«X» occurs once more here: press P to suggest ACTOR there too."},
		{"en", more, 3, "«X» occurs 3 more times here: press P to suggest ACTOR there too."},
		{"en", docs, 1, "1 of 1 document"},
		{"en", docs, 4, "4 of 4 documents"},
		{"ar", docs, 0, "لا مستندات"},
		{"ar", docs, 1, "1 من مستند واحد"},
		{"ar", docs, 2, "2 من مستندين"},
		{"ar", docs, 4, "4 من 4 مستندات"},
		{"ar", docs, 10, "10 من 10 مستندات"},
		{"ar", docs, 11, "11 من 11 مستندًا"},
		{"ar", docs, 99, "99 من 99 مستندًا"},
		{"ar", docs, 100, "100 من 100 مستند"},
		{"ar", docs, 103, "103 من 103 مستندات"},
		{"ar", matches, 1, "نتيجة واحدة"},
		{"ar", matches, 2, "نتيجتان"},
		{"ar", matches, 7, "7 نتائج"},
		{"ar", matches, 25, "25 نتيجة"},
		{"ar", more, 1, "«X» يرد مرة أخرى هنا: اضغط P لاقتراح ACTOR هناك أيضًا."},
		{"ar", more, 2, "«X» يرد مرتين أخريين هنا: اضغط P لاقتراح ACTOR هناك أيضًا."},
		{"ar", more, 5, "«X» يرد 5 مرات أخرى هنا: اضغط P لاقتراح ACTOR هناك أيضًا."},
	} {
		t.Run(fmt.Sprintf("%s %d %.12s", tc.lang, tc.n, tc.msg), func(t *testing.T) {
			inLanguage(t, tc.lang)
			if err := lang.AddTranslationsFS(translations, "translations"); err != nil {
				t.Fatal(err)
			}
			data := map[string]any{"Count": tc.n, "Shown": tc.n, "All": tc.n, "Text": "X", "Label": "ACTOR"}
			if got := trN(tc.msg, tc.n, data); got != tc.want {
				t.Errorf("got %q, want %q", got, tc.want)
			}
		})
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

// TestCountedNouns checks a message that counts several things: each
// count agrees with its own noun.
func TestCountedNouns(t *testing.T) {
	rep := format.Report{Documents: 1, Spans: 2, Relations: 11}
	for _, tc := range []struct{ lang, want string }{
		{"en", "1 document, 2 spans and 11 relations written."},
		{"ar", "كُتب مستند واحد ومقطعان و11 علاقةً."},
	} {
		t.Run(tc.lang, func(t *testing.T) {
			inLanguage(t, tc.lang)
			if err := lang.AddTranslationsFS(translations, "translations"); err != nil {
				t.Fatal(err)
			}
			if got := exportReport(rep); got != tc.want {
				t.Errorf("got %q, want %q", got, tc.want)
			}
		})
	}
}
