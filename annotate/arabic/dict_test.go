package arabic

import (
	"slices"
	"testing"
	"unicode/utf8"

	"alama/annotate"
)

// checkDictAgainstFindWords checks that FindDict finds, for every term,
// exactly what FindWords finds.
func checkDictAgainstFindWords(t *testing.T, text string, terms []string) {
	t.Helper()
	s := NewSearcher(text)
	got := s.FindDict(NewDict(terms))
	if !slices.IsSortedFunc(got, func(a, b DictMatch) int { return a.Start - b.Start }) {
		t.Fatalf("FindDict not sorted: %v", got)
	}
	for i, term := range terms {
		var mine []Match
		for _, m := range got {
			if m.Term == i {
				mine = append(mine, m.Match)
			}
		}
		if want := s.FindWords(term); !slices.Equal(mine, want) {
			t.Fatalf("term %q: FindDict %v, FindWords %v", term, mine, want)
		}
	}
}

func TestFindDict(t *testing.T) {
	text := "🙂 زار أحمدُ للقدس ثم القدس الشرقية وبالقدس، والأمم المتحدة؛ وللقدس #غزة غزة. قدس"
	terms := []string{"القدس", "القدس الشرقية", "قدس", "احمد", "الأمم المتحدة", "#غزة", "غزة", "َ", "الشرقية", "دمشق"}
	checkDictAgainstFindWords(t, text, terms)
	ms := NewSearcher(text).FindDict(NewDict(terms))
	var got []string
	for _, m := range ms {
		got = append(got, annotate.Slice(text, m.Start, m.End)+"/"+terms[m.Term])
	}
	want := []string{"أحمدُ/احمد", "لقدس/القدس", "قدس/قدس", "القدس الشرقية/القدس الشرقية", "القدس/القدس", "قدس/قدس",
		"الشرقية/الشرقية", "القدس/القدس", "قدس/قدس", "الأمم المتحدة/الأمم المتحدة", "لقدس/القدس", "قدس/قدس",
		"#غزة/#غزة", "غزة/غزة", "غزة/غزة", "قدس/قدس"}
	if !slices.Equal(got, want) {
		t.Errorf("FindDict =\n%q\nwant\n%q", got, want)
	}
}

func FuzzFindDict(f *testing.F) {
	f.Add("زار أحمدُ للقدس ثم القدس الشرقية وبالقدس وللقدس", "القدس", "قدس")
	f.Add("#غزة غزة 🙂 e\u0301", "#غزة", "e")
	f.Fuzz(func(t *testing.T, text, a, b string) {
		if annotate.CheckText(text) != nil || !utf8.ValidString(a) || !utf8.ValidString(b) {
			t.Skip()
		}
		checkDictAgainstFindWords(t, text, []string{a, b})
	})
}

func BenchmarkFindDict(b *testing.B) {
	text := benchText(4 << 10)
	terms := make([]string, 0, 5000)
	for i := range 5000 {
		terms = append(terms, benchWords[i%len(benchWords)]+string(rune('ا'+i%20))+benchWords[(i/7)%len(benchWords)])
	}
	terms = append(terms, "الحكومة", "بيروت")
	d := NewDict(terms)
	b.ResetTimer()
	for b.Loop() {
		NewSearcher(text).FindDict(d)
	}
}
