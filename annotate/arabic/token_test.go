package arabic

import (
	"fmt"
	"reflect"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/rivo/uniseg"

	"alama/annotate"
)

// tok renders tokens as "text/kind" for compact expectations.
func tok(ts []Token) []string {
	out := make([]string, len(ts))
	for i, t := range ts {
		out[i] = t.Text + "/" + t.Kind.String()
	}
	return out
}

func TestTokenize(t *testing.T) {
	tests := []struct {
		name, in string
		want     []string
	}{
		{"full harakat", "كَتَبَ الطَّالِبُ", []string{"كَتَبَ/word", "الطَّالِبُ/word"}},
		{"tatweel inside", "مستشفـــى المدينة", []string{"مستشفـــى/word", "المدينة/word"}},
		{"arabic punctuation", "قال: «نعم»، ثم؛ لماذا؟", []string{"قال/word", ":/punct", "«/punct", "نعم/word", "»/punct", "،/punct", "ثم/word", "؛/punct", "لماذا/word", "؟/punct"}},
		{"arabic-indic decimal", "بلغ ٣٫٥ و١٬٢٠٠", []string{"بلغ/word", "٣٫٥/number", "و/word", "١٬٢٠٠/number"}},
		{"eastern digits", "۱۲۳۴", []string{"۱۲۳۴/number"}},
		{"ascii separators and percent", "3.5 1,200 25% ٢٥٪", []string{"3.5/number", "1,200/number", "25%/number", "٢٥٪/number"}},
		{"trailing separator", "عام 2020. ثم 1,", []string{"عام/word", "2020/number", "./punct", "ثم/word", "1/number", ",/punct"}},
		{"emoji", "رائع🙂 👨‍👩‍👧 🇸🇦", []string{"رائع/word", "🙂/emoji", "👨‍👩‍👧/emoji", "🇸🇦/emoji"}},
		{"keycap", "1️⃣ أولا", []string{"1️⃣/emoji", "أولا/word"}},
		{"url in arabic", "انظر https://example.com/ar/news?id=5، ثم", []string{"انظر/word", "https://example.com/ar/news?id=5/url", "،/punct", "ثم/word"}},
		{"url in brackets", "(www.example.org) و", []string{"(/punct", "www.example.org/url", ")/punct", "و/word"}},
		{"url keeps own bracket", "https://x.org/a_(b).", []string{"https://x.org/a_(b)/url", "./punct"}},
		{"bare scheme is no url", "http:// كلمة", []string{"http/latin", ":/punct", "//punct", "//punct", "كلمة/word"}},
		{"email", "راسلونا على news@example.org.", []string{"راسلونا/word", "على/word", "news@example.org/email", "./punct"}},
		{"latin words", "COVID-19 Reuters' 5G U.S.", []string{"COVID-19/latin", "Reuters/latin", "'/punct", "5G/latin", "U/latin", "./punct", "S/latin", "./punct"}},
		{"bidi marks ignored", "\u200Fمرحبا\u200F \u202Bبك\u202C \u2067نص\u2069\u061C", []string{"مرحبا/word", "بك/word", "نص/word"}},
		{"bidi mark inside word", "مر\u200Eحبا", []string{"مر\u200Eحبا/word"}},
		{"symbols", "$ 5 + 3 = ٨", []string{"$/symbol", "5/number", "+/symbol", "3/number", "=/symbol", "٨/number"}},
		{"empty", "", []string{}},
		{"only spaces", " \n\t ", []string{}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := Tokenize(tc.in)
			checkTokens(t, tc.in, got)
			if g := tok(got); !slices.Equal(g, tc.want) {
				t.Errorf("Tokenize(%q)\n got %q\nwant %q", tc.in, g, tc.want)
			}
		})
	}
}

func TestTokenOffsets(t *testing.T) {
	in := "🙂 قَالَ: وأحمدُ ١٢٣٫٥ 🙂"
	want := []Token{
		{0, 1, "🙂", Emoji},
		{2, 7, "قَالَ", Word},
		{7, 8, ":", Punct},
		{9, 15, "وأحمدُ", Word},
		{16, 21, "١٢٣٫٥", Number},
		{22, 23, "🙂", Emoji},
	}
	got := Tokenize(in)
	if !slices.Equal(got, want) {
		t.Fatalf("Tokenize(%q)\n got %v\nwant %v", in, got, want)
	}
	for _, tk := range got {
		if s := annotate.Slice(in, tk.Start, tk.End); s != tk.Text {
			t.Errorf("text[%d:%d] = %q, token says %q", tk.Start, tk.End, s, tk.Text)
		}
	}
}

// checkTokens checks the invariants every tokenization keeps.
func checkTokens(t *testing.T, text string, ts []Token) {
	t.Helper()
	o := annotate.NewOffsets(text)
	prev := 0
	for _, tk := range ts {
		switch {
		case tk.Start < prev || tk.End <= tk.Start || tk.End > o.Len():
			t.Fatalf("token %v out of order or range (prev end %d, len %d)", tk, prev, o.Len())
		case !o.IsBoundary(tk.Start) || !o.IsBoundary(tk.End):
			t.Fatalf("token %v not on grapheme boundaries", tk)
		case text[o.Byte(tk.Start):o.Byte(tk.End)] != tk.Text:
			t.Fatalf("token %v text differs from slice", tk)
		case strings.ContainsAny(tk.Text, " \n\t"):
			t.Fatalf("token %v holds white space", tk)
		}
		prev = tk.End
	}
}

func TestSentences(t *testing.T) {
	tests := []struct {
		name, in string
		want     []string
	}{
		{"simple", "وصل الوفد. بدأت المحادثات! هل انتهت؟ نعم", []string{"وصل الوفد.", "بدأت المحادثات!", "هل انتهت؟", "نعم"}},
		{"line breaks", "عنوان الخبر\nنص الخبر.\n\nفقرة ثانية", []string{"عنوان الخبر", "نص الخبر.", "فقرة ثانية"}},
		{"end inside quote", "قال: «هذا خبر. وهذا آخر» وانتهى.", []string{"قال: «هذا خبر. وهذا آخر» وانتهى."}},
		{"quote closes after end", "قال الوزير «سنعود.» وأضاف أنه متفائل.", []string{"قال الوزير «سنعود.»", "وأضاف أنه متفائل."}},
		{"ascii quotes", `قال "انتهى. نعم" ثم. ذهب "بعيدا." وعاد`, []string{`قال "انتهى. نعم" ثم.`, `ذهب "بعيدا."`, "وعاد"}},
		{"decimals", "ارتفع المؤشر 3.5 بالمئة و٢.٧ أيضا. ثم هبط", []string{"ارتفع المؤشر 3.5 بالمئة و٢.٧ أيضا.", "ثم هبط"}},
		{"abbreviation", "قال أ. محمد إن U.S. officials agreed. انتهى", []string{"قال أ. محمد إن U.S. officials agreed.", "انتهى"}},
		{"list number", "1. البند الأول.\n2. البند الثاني.", []string{"1. البند الأول.", "2. البند الثاني."}},
		{"url dot", "انظر example.com للمزيد. شكرا", []string{"انظر example.com للمزيد.", "شكرا"}},
		{"terminator run", "حقا؟! لا... ربما 🙂", []string{"حقا؟!", "لا...", "ربما 🙂"}},
		{"bracket after end", "(انتهى الاجتماع.) ثم", []string{"(انتهى الاجتماع.)", "ثم"}},
		{"emoji and harakat", "🙂 كَتَبَ. قَرَأَ", []string{"🙂 كَتَبَ.", "قَرَأَ"}},
		{"empty", "", nil},
		{"spaces", "  \n ", nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := Sentences(tc.in)
			checkRanges(t, tc.in, got)
			var texts []string
			for _, r := range got {
				texts = append(texts, annotate.Slice(tc.in, r.Start, r.End))
			}
			if !slices.Equal(texts, tc.want) {
				t.Errorf("Sentences(%q)\n got %q\nwant %q", tc.in, texts, tc.want)
			}
		})
	}
}

// checkRanges checks that ranges are ascending, non-empty, in the text and
// on grapheme boundaries.
func checkRanges(t *testing.T, text string, rs []Range) {
	t.Helper()
	o := annotate.NewOffsets(text)
	prev := 0
	for _, r := range rs {
		if r.Start < prev || r.End <= r.Start || r.End > o.Len() {
			t.Fatalf("range %v out of order or range (prev end %d, len %d)", r, prev, o.Len())
		}
		if !o.IsBoundary(r.Start) || !o.IsBoundary(r.End) {
			t.Fatalf("range %v not on grapheme boundaries", r)
		}
		prev = r.End
	}
}

func TestWordAt(t *testing.T) {
	text := "🙂 قَالَ وأحمدُ\nسطر ١٢٫٥"
	tests := []struct {
		offset int
		want   string
		ok     bool
	}{
		{0, "🙂", true},
		{1, "🙂", true},
		{2, "قَالَ", true},
		{4, "قَالَ", true},
		{7, "قَالَ", true},
		{10, "وأحمدُ", true},
		{14, "وأحمدُ", true},
		{15, "سطر", true},
		{19, "١٢٫٥", true},
		{23, "١٢٫٥", true},
		{-1, "", false},
		{24, "", false},
	}
	for _, tc := range tests {
		t.Run(fmt.Sprint(tc.offset), func(t *testing.T) {
			r, ok := WordAt(text, tc.offset)
			if ok != tc.ok {
				t.Fatalf("WordAt(%d) ok = %v, want %v", tc.offset, ok, tc.ok)
			}
			if got := annotate.Slice(text, r.Start, r.End); ok && got != tc.want {
				t.Errorf("WordAt(%d) = %v %q, want %q", tc.offset, r, got, tc.want)
			}
		})
	}
	if _, ok := WordAt("a  b", 2); ok {
		t.Error("WordAt in the middle of white space found a word")
	}
}

func FuzzTokenize(f *testing.F) {
	for _, s := range []string{
		"كَتَبَ الطالبُ ٣٫٥ و1,200 25% 🙂 👨‍👩‍👧 🇸🇦",
		"انظر https://example.com/a_(b)، news@example.org.",
		"\u200Fمر\u200Eحبا\u202B «قال: نعم.» 1️⃣",
		"مستشفـــى 1. U.S. ...؟!",
		" َ\u0651 \u200D\u200C",
		"www.",
		"a@b.cd",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if annotate.CheckText(s) != nil {
			t.Skip()
		}
		checkTokens(t, s, Tokenize(s))
		checkRanges(t, s, Sentences(s))
		for _, off := range []int{0, annotate.RuneLen(s) / 2, annotate.RuneLen(s)} {
			if r, ok := WordAt(s, off); ok {
				checkRanges(t, s, []Range{r})
				if r.Start > off || r.End < off {
					t.Fatalf("WordAt(%d) = %v does not touch the offset", off, r)
				}
			}
		}
	})
}

func TestTokensAndSentencesMatchSeparateCalls(t *testing.T) {
	for _, text := range []string{"", "قال: «غدًا.» ثم مضى 🙂.\nسطر ثانٍ 3.5%؟", "كَتَبَ أ.د. سالم example.com ١٢٣"} {
		toks, sents := TokensAndSentences(text)
		if !reflect.DeepEqual(toks, Tokenize(text)) || !reflect.DeepEqual(sents, Sentences(text)) {
			t.Errorf("TokensAndSentences(%q) differs from Tokenize and Sentences", text)
		}
	}
}

// FuzzGraphemes checks the clusters graphemes cuts, plain code points one
// at a time, against uniseg's for the whole text, and their classes against
// classify.
func FuzzGraphemes(f *testing.F) {
	for _, s := range []string{
		"كَتَبَ الطالبُ ٣٫٥ و1,200 25% 🙂 👨‍👩‍👧 🇸🇦",
		"\u200Fمر\u200Eحبا\u202B «قال: نعم.» 1️⃣ a\u0301 \r\n\n\u0301",
		"é ﻻ \u0600١ ب\u200D ۔ؐ",
		"",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if !utf8.ValidString(s) {
			t.Skip()
		}
		var want []graph
		state, cp, b := -1, 0, 0
		for rest := s; rest != ""; {
			var c string
			c, rest, _, state = uniseg.FirstGraphemeClusterInString(rest, state)
			r, _ := utf8.DecodeRuneInString(c)
			n := utf8.RuneCountInString(c)
			want = append(want, graph{cp: int32(cp), cpEnd: int32(cp + n), b: int32(b), bEnd: int32(b + len(c)), r: r, cls: classify(c, r)})
			cp, b = cp+n, b+len(c)
		}
		if got := graphemes(s); !slices.Equal(got, want) {
			t.Fatalf("graphemes(%q) =\n%v, want\n%v", s, got, want)
		}
	})
}
