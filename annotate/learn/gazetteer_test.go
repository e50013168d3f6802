package learn

import "testing"

func TestGazetteerMatch(t *testing.T) {
	g := NewGazetteer()
	g.Add("الأمم المتحدة", "ORG")
	g.Add("الامم", "X")
	g.Add("الامم", "X")
	g.Add("محمد", "PER")
	g.Add("وزير الخارجية الأمريكي", "PER")
	sent := []Token{{Text: "ومحمد", Kind: 1}, {Text: "في", Kind: 1}, {Text: "الأمم", Kind: 1}, {Text: "المتحدة", Kind: 1}, {Text: "وزير", Kind: 1}, {Text: "الخارجية", Kind: 1}}
	ws := make([]word, len(sent))
	for i, tk := range sent {
		ws[i] = describe(tk)
	}
	got := g.match(ws)
	want := [][]gazHit{
		{{"S", "PER", true}},
		nil,
		{{"S", "X", false}, {"B", "ORG", false}},
		{{"E", "ORG", false}},
		nil,
		nil,
	}
	for i := range want {
		if !slicesEqual(got[i], want[i]) {
			t.Errorf("token %d (%s): %v, want %v", i, sent[i].Text, got[i], want[i])
		}
	}
	if l, ok := g.wordLabel("المتحده"); !ok || l != "ORG" {
		t.Errorf("wordLabel: %q %v", l, ok)
	}
	back := gazetteerOf(g.list())
	if back.Len() != g.Len() || back.maxLen != 3 || !back.starts["وزير الخارجيه"] {
		t.Errorf("decoded gazetteer: %d terms, longest %d", back.Len(), back.maxLen)
	}
}
