package annotate

import (
	"fmt"
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"

	"golang.org/x/text/unicode/norm"
)

// oneByOne adds spans and relations with AddSpan and AddRelation, one edit
// at a time, collecting the errors: what AddAll must match.
func oneByOne(d *Document, s *Schema, spans []Span, rels []Relation) []string {
	var errs []string
	for _, sp := range spans {
		if _, err := (AddSpan{Span: sp}).Apply(d, s); err != nil {
			errs = append(errs, err.Error())
		}
	}
	for _, r := range rels {
		if _, err := (AddRelation{Relation: r}).Apply(d, s); err != nil {
			errs = append(errs, err.Error())
		}
	}
	return errs
}

func TestAddAll(t *testing.T) {
	// Arabic with harakat, an emoji with a skin tone, flags, an Arabic
	// number sign (a Prepend character) before a space, CRLF-free lines.
	text := "قالَ وزيرُ الخارجيةِ 👍🏽 إنّ 🇯🇴🇵🇸 المحادثاتِ\nستُستأنف \u0600 ١٢ يوم\u0600\u0661 UNDP."
	s := DefaultSchema()
	cases := []struct {
		name  string
		spans []Span
		rels  []Relation
	}{
		{"good", []Span{{ID: 1, Start: 5, End: 20, Label: "ACTOR"}, {ID: 2, Start: 0, End: 4, Label: "CLAIM"}},
			[]Relation{{ID: 3, Type: "CLAIMED_BY", From: 2, To: 1}}},
		{"inside a letter's marks", []Span{{ID: 1, Start: 3, End: 4, Label: "ACTOR"}, {ID: 2, Start: 0, End: 3, Label: "ACTOR"}}, nil},
		{"inside an emoji", []Span{{ID: 1, Start: 21, End: 22, Label: "ACTOR"}, {ID: 2, Start: 21, End: 23, Label: "ACTOR"}}, nil},
		{"between flags", []Span{{ID: 1, Start: 28, End: 30, Label: "ACTOR"}, {ID: 2, Start: 29, End: 31, Label: "ACTOR"}}, nil},
		{"after a number sign", []Span{{ID: 1, Start: 53, End: 55, Label: "TIME"}, {ID: 2, Start: 54, End: 55, Label: "TIME"}}, nil},
		{"out of range", []Span{{ID: 1, Start: 5, End: 500, Label: "ACTOR"}, {ID: 2, Start: -1, End: 3, Label: "ACTOR"}, {ID: 3, Start: 4, End: 4, Label: "ACTOR"}}, nil},
		{"to the end", []Span{{ID: 1, Start: 0, End: RuneLen(text), Label: "CLAIM"}}, nil},
		{"ids", []Span{{ID: 0, Start: 0, End: 4, Label: "ACTOR"}, {ID: 1, Start: 0, End: 4, Label: "ACTOR"}, {ID: 1, Start: 5, End: 9, Label: "ACTOR"}}, nil},
		{"schema", []Span{{ID: 1, Start: 0, End: 4, Label: "NOPE"}, {ID: 2, Start: 5, End: 9, Label: "ACTOR", Attrs: map[string]string{"type": "alien"}}}, nil},
		{"relations", []Span{{ID: 1, Start: 0, End: 4, Label: "ACTOR"}, {ID: 2, Start: 5, End: 9, Label: "CLAIM"}, {ID: 9, Start: 3, End: 4, Label: "ACTOR"}},
			[]Relation{{ID: 0, Type: "CLAIMED_BY", From: 2, To: 1}, {ID: 3, Type: "CLAIMED_BY", From: 1, To: 2}, {ID: 4, Type: "CLAIMED_BY", From: 2, To: 9},
				{ID: 5, Type: "CLAIMED_BY", From: 2, To: 2}, {ID: 6, Type: "NOPE", From: 2, To: 1}, {ID: 7, Type: "CLAIMED_BY", From: 2, To: 1}, {ID: 7, Type: "CLAIMED_BY", From: 2, To: 1}}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			want := &Document{Text: text}
			wantErrs := oneByOne(want, s, c.spans, c.rels)
			got := &Document{Text: text}
			var gotErrs []string
			AddAll(got, s, c.spans, c.rels, func(err error) bool { gotErrs = append(gotErrs, err.Error()); return true })
			if !reflect.DeepEqual(gotErrs, wantErrs) {
				t.Errorf("errors:\n got %q\nwant %q", gotErrs, wantErrs)
			}
			if !reflect.DeepEqual(got, want) {
				t.Errorf("document:\n got %+v\nwant %+v", got, want)
			}
		})
	}
}

// TestAddAllRandom compares AddAll with one edit at a time on random texts
// of marks, emoji, flags, Prepend characters and line breaks, and random
// spans over them.
func TestAddAllRandom(t *testing.T) {
	pieces := []string{"قالَ", "وزيرُ", " ", " ", "\n", "👍🏽", "🇯🇴", "🇵🇸", "\u0600", "\u06DD", "ّ", "ً", "e\u0301", "ab", "\u200d", "👨\u200d👩", "١٢", "ﷺ", "\u0915\u094d"}
	r := rand.New(rand.NewPCG(5, 6))
	for n := range 2000 {
		var b strings.Builder
		for range 1 + r.IntN(30) {
			b.WriteString(pieces[r.IntN(len(pieces))])
		}
		text, err := NormalizeText([]byte(b.String()))
		if err != nil || text == "" {
			continue
		}
		l := RuneLen(text)
		var spans []Span
		for i := range r.IntN(12) {
			a, e := r.IntN(l+2)-1, r.IntN(l+2)
			spans = append(spans, Span{ID: uint64(1 + i%9), Start: a, End: e, Label: "ACTOR"})
		}
		rels := []Relation{{ID: 20, Type: "AGENT", From: 1, To: 2}}
		want := &Document{Text: text}
		wantErrs := oneByOne(want, nil, spans, rels)
		got := &Document{Text: text}
		var gotErrs []string
		AddAll(got, nil, spans, rels, func(err error) bool { gotErrs = append(gotErrs, err.Error()); return true })
		if !reflect.DeepEqual(gotErrs, wantErrs) || !reflect.DeepEqual(got, want) {
			t.Fatalf("case %d, text %q, spans %v:\nerrors got %q\n      want %q\nspans got %v\n     want %v", n, text, spans, gotErrs, wantErrs, got.Spans, want.Spans)
		}
	}
}

func TestAddAllStops(t *testing.T) {
	d := &Document{Text: "كلمة كلمة كلمة"}
	spans := []Span{{ID: 1, Start: 0, End: 99, Label: "ACTOR"}, {ID: 2, Start: 0, End: 4, Label: "ACTOR"}}
	calls := 0
	if AddAll(d, nil, spans, nil, func(error) bool { calls++; return false }) {
		t.Error("AddAll went on after fail returned false")
	}
	if calls != 1 {
		t.Errorf("fail called %d times, want 1", calls)
	}
}

// BenchmarkAddAll adds 11,000 spans to a document of 150,000 words.
func BenchmarkAddAll(b *testing.B) {
	var sb strings.Builder
	var spans []Span
	cp := 0
	for i := range 150000 {
		if i > 0 {
			sb.WriteString(" ")
			cp++
		}
		w := fmt.Sprint("كلمةٌ", i%7)
		if i%14 == 0 {
			spans = append(spans, Span{ID: uint64(len(spans) + 1), Start: cp, End: cp + RuneLen(w), Label: "ACTOR"})
		}
		sb.WriteString(w)
		cp += RuneLen(w)
	}
	text := sb.String()
	s := DefaultSchema()
	for b.Loop() {
		d := &Document{Text: text}
		AddAll(d, s, spans, nil, func(err error) bool { b.Fatal(err); return false })
	}
}

// TestIsNFC compares isNFC with norm on random strings of letters, marks in
// and out of canonical order, composing marks and other scripts.
func TestIsNFC(t *testing.T) {
	pieces := []string{"ا", "و", "ي", "ق", "ل", "a", "e", " ", "\n", "،", "١", "\u064B", "\u064E", "\u0650", "\u0651", "\u0652", "\u0653", "\u0654", "\u0655", "\u0670", "\u0301", "\u0327", "é", "👍🏽", "\u0915\u094d", "\u1100\u1161", "\uFB50", "\u0622"}
	r := rand.New(rand.NewPCG(7, 8))
	for range 20000 {
		var b strings.Builder
		for range r.IntN(10) {
			b.WriteString(pieces[r.IntN(len(pieces))])
		}
		s := b.String()
		if got, want := isNFC(s), norm.NFC.IsNormalString(s); got != want {
			t.Fatalf("isNFC(%+q) = %v, norm says %v", s, got, want)
		}
	}
}
