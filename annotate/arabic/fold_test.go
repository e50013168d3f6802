package arabic

import (
	"slices"
	"testing"
	"unicode/utf8"

	"alama/annotate"
)

func TestFold(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"harakat", "كَتَبَ الطَّالِبُ", "كتب الطالب"},
		{"dagger alef", "هٰذا", "هذا"},
		{"tatweel", "مستشفـــى", "مستشفي"},
		{"alef variants", "أحمد إحمد آمال ٱلله", "احمد احمد امال الله"},
		{"hamza carriers stay", "مؤتمر مسؤول رئيس", "مؤتمر مسؤول رئيس"},
		{"alef maqsura and farsi yeh", "مستشفى مستشفی", "مستشفي مستشفي"},
		{"ta marbuta", "مدرسة", "مدرسه"},
		{"keheh", "کتاب", "كتاب"},
		{"digits", "٠١٢٣٤٥٦٧٨٩ ۰۱۲۳۴۵۶۷۸۹", "0123456789 0123456789"},
		{"quranic marks", "الرَّحِيمِ \u06dd قُلْۖ", "الرحيم  قل"},
		{"bidi controls", "\u200Fمرحبا\u200E \u202Bبك\u202C\u2067\u2069\u061C", "مرحبا بك"},
		{"presentation forms", "\uFEFB \uFEE3\uFEA4\uFEE4\uFEAA \uFDF2", "لا محمد الله"},
		{"isolated haraka form", "ب\uFE70ت", "بت"},
		{"latin lower case", "Reuters COVID-19 ÉTÉ", "reuters covid-19 été"},
		{"emoji kept", "🙂 👍🏽", "🙂 👍🏽"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			f := Fold(tc.in)
			if f.Text != tc.want {
				t.Errorf("Fold(%q).Text = %q, want %q", tc.in, f.Text, tc.want)
			}
			if s := FoldString(tc.in); s != f.Text {
				t.Errorf("FoldString(%q) = %q, Fold gives %q", tc.in, s, f.Text)
			}
			checkFoldMap(t, tc.in, f)
		})
	}
}

// checkFoldMap checks that the map has one entry per folded rune plus the
// original length, ascending, inside the original.
func checkFoldMap(t *testing.T, in string, f Folded) {
	t.Helper()
	n := annotate.RuneLen(in)
	if len(f.Map) != utf8.RuneCountInString(f.Text)+1 {
		t.Fatalf("map has %d entries for %d folded runes", len(f.Map), utf8.RuneCountInString(f.Text))
	}
	if f.Map[len(f.Map)-1] != n {
		t.Fatalf("final map entry %d, want %d", f.Map[len(f.Map)-1], n)
	}
	if !slices.IsSorted(f.Map) {
		t.Fatalf("map not ascending: %v", f.Map)
	}
	for _, m := range f.Map[:len(f.Map)-1] {
		if m < 0 || m >= n {
			t.Fatalf("map entry %d outside [0,%d)", m, n)
		}
	}
}

func TestFoldMap(t *testing.T) {
	in := "🙂 أَحْمَدُ \uFEFB"
	f := Fold(in)
	// 🙂=0 space=1 أ=2 َ=3 ح=4 ْ=5 م=6 َ=7 د=8 ُ=9 space=10 ﻻ=11
	want := []int{0, 1, 2, 4, 6, 8, 10, 11, 11, 12}
	if !slices.Equal(f.Map, want) {
		t.Errorf("Fold(%q).Map = %v, want %v", in, f.Map, want)
	}
}

func TestFind(t *testing.T) {
	text := "🙂 قال أحمدَ إنّ وأحمد وصل، واحمد بالفيروس ليس إحمد؛ مستشفى ومستشفي، مدرسة ومدرسه ﻻ"
	tests := []struct {
		name, query string
		want        []string
	}{
		{"alef folding and trailing haraka", "احمد", []string{"أحمدَ", "أحمد", "احمد", "إحمد"}},
		{"query with harakat", "أَحْمَد", []string{"أحمدَ", "أحمد", "احمد", "إحمد"}},
		{"inside a word", "فيروس", []string{"فيروس"}},
		{"alef maqsura", "مستشفي", []string{"مستشفى", "مستشفي"}},
		{"ta marbuta", "مدرسة", []string{"مدرسة", "مدرسه"}},
		{"shadda kept on match", "ان", []string{"إنّ"}},
		{"ligature", "لا", []string{"ﻻ"}},
		{"emoji", "🙂", []string{"🙂"}},
		{"nothing", "باريس", nil},
		{"empty query", "", nil},
		{"only harakat", "َُ", nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := Find(text, tc.query)
			checkMatches(t, text, got)
			var texts []string
			for _, m := range got {
				texts = append(texts, annotate.Slice(text, m.Start, m.End))
			}
			if !slices.Equal(texts, tc.want) {
				t.Errorf("Find(%q) = %v %q, want %q", tc.query, got, texts, tc.want)
			}
		})
	}
}

func TestFindOffsets(t *testing.T) {
	text := "🙂 وأحمدُ 🙂"
	got := Find(text, "احمد")
	want := []Match{{3, 8}} // و at 2, أحمدُ is 3..8 with the damma
	if !slices.Equal(got, want) {
		t.Fatalf("Find = %v, want %v", got, want)
	}
	if s := annotate.Slice(text, 3, 8); s != "أحمدُ" {
		t.Fatalf("text[3:8] = %q", s)
	}
}

func TestFindWords(t *testing.T) {
	text := "وصل أحمدُ وأحمد وبالأحمد إلى للقدس والقدس وللقدس ثم أحمدي وعاد القدسي 🙂 القاعدة"
	tests := []struct {
		query string
		want  []string
	}{
		{"احمد", []string{"أحمدُ", "أحمد", "أحمد"}},
		{"القدس", []string{"لقدس", "القدس", "لقدس"}},
		{"قدس", []string{"قدس", "قدس", "قدس"}},
		{"قاعدة", []string{"قاعدة"}},
		{"عدة", nil},
		{"اعد", nil},
		{"عاد", []string{"عاد"}},
	}
	for _, tc := range tests {
		t.Run(tc.query, func(t *testing.T) {
			got := FindWords(text, tc.query)
			checkMatches(t, text, got)
			var texts []string
			for _, m := range got {
				texts = append(texts, annotate.Slice(text, m.Start, m.End))
			}
			if !slices.Equal(texts, tc.want) {
				t.Errorf("FindWords(%q) = %v %q, want %q", tc.query, got, texts, tc.want)
			}
		})
	}
}

func TestProcliticSeq(t *testing.T) {
	for p, want := range map[string]bool{
		"": false, "و": true, "ف": true, "ب": true, "ال": true, "وال": true, "بال": true,
		"وبال": true, "فلل": true, "لل": true, "ول": true, "وس": true, "م": false, "الو": false,
		"وو": false, "بب": false, "اا": false,
	} {
		if got := isProcliticSeq(p); got != want {
			t.Errorf("isProcliticSeq(%q) = %v, want %v", p, got, want)
		}
	}
}

// checkMatches checks that matches are ascending, disjoint, non-empty and
// on grapheme boundaries of text.
func checkMatches(t *testing.T, text string, ms []Match) {
	t.Helper()
	rs := make([]Range, len(ms))
	for i, m := range ms {
		rs[i] = Range(m)
	}
	checkRanges(t, text, rs)
}

func FuzzFold(f *testing.F) {
	for _, s := range []string{"🙂 أَحْمَدُ \uFEFB", "ب\uFE70ت \uFDFA", "\u200Fمستشفـــى\u202C", "ÉTÉ ٣٫٥"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if !utf8.ValidString(s) {
			t.Skip()
		}
		fo := Fold(s)
		checkFoldMap(t, s, fo)
		if FoldString(s) != fo.Text {
			t.Fatalf("FoldString and Fold disagree on %q", s)
		}
		if FoldString(fo.Text) != fo.Text {
			t.Fatalf("folding is not idempotent on %q", s)
		}
	})
}

func FuzzFind(f *testing.F) {
	f.Add("🙂 قال أحمدَ وأحمد للقدس", "احمد")
	f.Add("للقدس والقدس", "القدس")
	f.Add("👨‍👩‍👧 ab", "👩")
	f.Add("e\u0301e", "e")
	f.Fuzz(func(t *testing.T, text, query string) {
		if annotate.CheckText(text) != nil || !utf8.ValidString(query) {
			t.Skip()
		}
		s := NewSearcher(text)
		for _, ms := range [][]Match{s.Find(query), s.FindWords(query)} {
			checkMatches(t, text, ms)
		}
	})
}
