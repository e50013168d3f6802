package store

import (
	"reflect"
	"testing"

	"alama/annotate"
)

func TestTokensAndExternalIDsKept(t *testing.T) {
	p := openTest(t, "")
	d := &annotate.Document{
		Title: "t", Text: "\u200eمن بيروت\nقال", Status: annotate.StatusNew,
		ExtID:     annotate.StringID("afp-2024-001"),
		Tokens:    []annotate.Token{{Start: 0, End: 3}, {Start: 4, End: 9}, {Start: 10, End: 13}},
		Sentences: []int{0, 2},
		Spans: []annotate.Span{
			{ID: 1, Start: 4, End: 9, Label: "LOCATION", ExtID: annotate.StringID("T1")},
			{ID: 2, Start: 10, End: 13, Label: "EVENT", ExtID: "7"},
		},
		Relations: []annotate.Relation{{ID: 3, Type: "PLACE", From: 2, To: 1, ExtID: annotate.StringID("R1")}},
	}
	ids, err := p.Import([]*annotate.Document{d})
	if err != nil {
		t.Fatal(err)
	}
	p.cache = nil
	got, err := p.Document(ids[0])
	if err != nil {
		t.Fatal(err)
	}
	if got.ExtID != d.ExtID || !reflect.DeepEqual(got.Tokens, d.Tokens) || !reflect.DeepEqual(got.Sentences, d.Sentences) {
		t.Errorf("got id %s tokens %v sentences %v", got.ExtID, got.Tokens, got.Sentences)
	}
	if got.Spans[0].ExtID != `"T1"` || got.Spans[1].ExtID != "7" || got.Relations[0].ExtID != `"R1"` {
		t.Errorf("span and relation ids: %+v %+v", got.Spans, got.Relations)
	}
	// An edit keeps them.
	if _, err := p.Apply(ids[0], annotate.Relabel{ID: got.Spans[0].ID, Label: "ACTOR"}); err == nil {
		t.Fatal("relabel to ACTOR breaks the PLACE relation and must fail")
	}
	if _, err := p.Apply(ids[0], annotate.SetStatus{Status: annotate.StatusDone}); err != nil {
		t.Fatal(err)
	}
	p.cache = nil
	got, _ = p.Document(ids[0])
	if got.ExtID != d.ExtID || got.Spans[0].ExtID != `"T1"` || len(got.Tokens) != 3 {
		t.Errorf("after an edit: %s %+v %v", got.ExtID, got.Spans, got.Tokens)
	}
	if err := p.DeleteDocuments(ids); err != nil {
		t.Fatal(err)
	}
}

func TestTokensRefused(t *testing.T) {
	p := openTest(t, "")
	for _, tc := range []struct {
		name  string
		toks  []annotate.Token
		sents []int
	}{
		{"overlap", []annotate.Token{{Start: 0, End: 3}, {Start: 2, End: 5}}, []int{0}},
		{"outside", []annotate.Token{{Start: 0, End: 30}}, []int{0}},
		{"no sentence", []annotate.Token{{Start: 0, End: 3}}, nil},
		{"sentence past the end", []annotate.Token{{Start: 0, End: 3}}, []int{0, 1}},
		{"sentences without tokens", nil, []int{0}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			d := &annotate.Document{Text: "abc def " + tc.name, Tokens: tc.toks, Sentences: tc.sents}
			if _, err := p.Import([]*annotate.Document{d}); err == nil {
				t.Error("imported")
			}
		})
	}
}

func FuzzDecodeTokens(f *testing.F) {
	f.Add(encodeTokens([]annotate.Token{{Start: 0, End: 3}, {Start: 4, End: 9}, {Start: 10, End: 13}}, []int{0, 2}))
	f.Add([]byte{1, 0, 0})
	f.Add([]byte{1, 200, 200, 200, 200, 200, 1})
	f.Fuzz(func(t *testing.T, b []byte) {
		toks, sents, err := decodeTokens(b)
		if err != nil {
			return
		}
		again := encodeTokens(toks, sents)
		t2, s2, err := decodeTokens(again)
		if err != nil || !reflect.DeepEqual(toks, t2) || !reflect.DeepEqual(sents, s2) {
			t.Fatalf("round trip: %v %v / %v %v %v", toks, sents, t2, s2, err)
		}
	})
}
