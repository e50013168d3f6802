package format

import (
	"fmt"
	"maps"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"alama/annotate"
)

// measureLosses compares documents with what a re-import of their export
// gave back and counts, kind by kind, what did not come back: the truth
// an export's report must tell. Documents correspond in order; when fewer
// come back, the rest were merged into the last one. Spans match by
// position and label when the texts are equal, otherwise by label and the
// words they cover.
func measureLosses(orig, back []*annotate.Document) map[LossKind]int {
	m := map[LossKind]int{}
	if len(back) < len(orig) {
		m[LossDocsMerged] = len(orig) - len(back)
	}
	var all []annotate.Span
	var allRels []annotate.Relation
	var allText []string
	for i, o := range orig {
		var b *annotate.Document
		if len(back) == len(orig) || (i == 0 && len(back) > 0) {
			b = back[i]
		}
		lost := func(k LossKind, had bool, same func() bool) {
			if had && (b == nil || !same()) {
				m[k]++
			}
		}
		lost(LossTitles, o.Title != "", func() bool { return b.Title == o.Title })
		lost(LossMeta, len(o.Meta) > 0, func() bool { return reflect.DeepEqual(jsonRound(o.Meta), jsonRound(b.Meta)) })
		lost(LossStatus, o.Status != annotate.StatusNew, func() bool { return b.Status == o.Status })
		lost(LossDocLabels, len(o.DocLabels) > 0, func() bool { return slices.Equal(b.DocLabels, o.DocLabels) })
		lost(LossIDs, o.ExtID != "", func() bool { return b.ExtID == o.ExtID })
		if len(back) == len(orig) {
			lost(LossTokens, o.Tokens != nil, func() bool {
				return slices.Equal(b.Tokens, o.Tokens) && slices.Equal(b.Sentences, o.Sentences)
			})
		}
		if len(back) == len(orig) {
			if b.Text != o.Text {
				m[LossTexts]++
			}
			measureSpans(o, b, m)
			continue
		}
		if i == 0 && b != nil && b.Text != o.Text && !strings.HasPrefix(b.Text, o.Text+"\n") {
			m[LossTexts]++
		}
		// Span ids are unique within a document: renumber them.
		base := uint64(i) * 1000
		shift := annotate.RuneLen(strings.Join(allText, "\n"))
		if i > 0 {
			shift++
		}
		for _, s := range o.Spans {
			s.ID += base
			s.Start, s.End = s.Start+shift, s.End+shift
			all = append(all, s)
		}
		for _, r := range o.Relations {
			r.From, r.To = r.From+base, r.To+base
			allRels = append(allRels, r)
		}
		allText = append(allText, o.Text)
	}
	if len(back) < len(orig) {
		// Merged: compare every span with the spans of the one document,
		// by label and words.
		measureSpans(&annotate.Document{Text: strings.Join(allText, "\n"), Spans: all, Relations: allRels}, back[0], m)
	}
	maps.DeleteFunc(m, func(_ LossKind, n int) bool { return n == 0 })
	return m
}

func jsonRound(m map[string]any) string { return fmt.Sprint(m) }

// measureSpans counts the span and relation losses between o and b.
func measureSpans(o, b *annotate.Document, m map[LossKind]int) {
	exact := o.Text == b.Text
	key := func(d *annotate.Document, s annotate.Span) string {
		if exact {
			return fmt.Sprintf("%d %d %s", s.Start, s.End, s.Label)
		}
		return s.Label + " " + strings.Join(words(d.SpanText(s)), " ")
	}
	free := map[string][]int{} // key → indexes of unmatched spans of b
	for i, s := range b.Spans {
		free[key(b, s)] = append(free[key(b, s)], i)
	}
	match := map[uint64]int{} // span id of o → index in b.Spans, -1 for none
	var unmatched []annotate.Span
	for _, s := range o.Spans {
		k := key(o, s)
		if l := free[k]; len(l) > 0 {
			match[s.ID], free[k] = l[0], l[1:]
			continue
		}
		unmatched = append(unmatched, s)
	}
	// A span that came back resized covers more or fewer words of the same
	// label where it was.
	for _, s := range unmatched {
		match[s.ID] = -1
		ow := strings.Join(words(o.SpanText(s)), " ")
		for _, k := range slices.Sorted(maps.Keys(free)) {
			l := free[k]
			if len(l) == 0 || b.Spans[l[0]].Label != s.Label {
				continue
			}
			bs := b.Spans[l[0]]
			bw := strings.Join(words(b.SpanText(bs)), " ")
			near := (exact && bs.Start < s.End && s.Start < bs.End) || (!exact && (strings.Contains(bw, ow) || strings.Contains(ow, bw)))
			if near {
				match[s.ID], free[k] = l[0], l[1:]
				m[LossWidened]++
				break
			}
		}
		if match[s.ID] < 0 {
			m[LossSpans]++
		}
	}
	// Nothing may come back that was not there: a span left over is a
	// kind no report has.
	for _, l := range free {
		m["spans gained"] += len(l)
	}
	for _, s := range o.Spans {
		i := match[s.ID]
		var bs *annotate.Span
		if i >= 0 {
			bs = &b.Spans[i]
		}
		if s.Annotator != "" && (bs == nil || bs.Annotator != s.Annotator) {
			m[LossAnnotators]++
		}
		if s.Suggested && (bs == nil || !bs.Suggested) {
			m[LossSuggestions]++
		}
		if !s.Created.IsZero() && (bs == nil || !bs.Created.Equal(s.Created)) {
			m[LossTimes]++
		}
		for k, v := range s.Attrs {
			if bs == nil || bs.Attrs[k] != v {
				m[LossAttrs]++
			}
		}
		if s.Note != "" && (bs == nil || bs.Note != s.Note) {
			m[LossNotes]++
		}
	}
	found := 0
	defer func() { m["relations gained"] += len(b.Relations) - found }()
	for _, r := range o.Relations {
		fi, ti := match[r.From], match[r.To]
		var br *annotate.Relation
		if fi >= 0 && ti >= 0 {
			from, to := b.Spans[fi].ID, b.Spans[ti].ID
			for j, x := range b.Relations {
				if x.Type == r.Type && x.From == from && x.To == to {
					br = &b.Relations[j]
					break
				}
			}
		}
		if br == nil {
			m[LossRelations]++
		}
		if br != nil {
			found++
		}
		if r.Annotator != "" && (br == nil || br.Annotator != r.Annotator) {
			m[LossAnnotators]++
		}
		if !r.Created.IsZero() && (br == nil || !br.Created.Equal(r.Created)) {
			m[LossTimes]++
		}
	}
}

// TestLossReports exports a project that uses every field to each format,
// imports the export back, and checks that the report lists exactly what
// did not come back.
func TestLossReports(t *testing.T) {
	// Besides the fixture, a document whose text a token format cannot
	// rebuild: two sentences on one line, a right-to-left mark, two spaces
	// and text after the last word.
	text := norm(t, "قالَ الوزيرُ. ثم غادر  🙂 \u200fالمدينةَ. ")
	s, e := at(t, text, norm(t, "الوزيرُ"), 0)
	messy := &annotate.Document{ID: 4, Text: text, Status: annotate.StatusNew,
		Spans: []annotate.Span{{ID: 1, Start: s, End: e, Label: "ACTOR"}}}
	// And a document with a tokenization of its own, as a CoNLL import
	// gives, and an id of its own.
	conll, err := readAll(t, CoNLL, []byte("قالَ O\nالوزيرُ B-ACTOR\n.\tO\n\nو O\nغادر O\n🙂 O\n"), ImportOptions{})
	if err != nil || conll[0].Tokens == nil {
		t.Fatalf("%v, tokens %v", err, conll)
	}
	conll[0].ID, conll[0].ExtID = 5, annotate.StringID("afp-2024-001")
	docs := append(fixture(t), messy, conll[0])
	tests := []struct {
		name, format, out string
		opts              Options
	}{
		{"jsonl", JSONL, "x.jsonl", Options{}},
		{"parquet", Parquet, "x.parquet", Options{}},
		{"brat", Brat, "brat", Options{}},
		{"doccano", Doccano, "x.jsonl", Options{}},
		{"doccano relations", Doccano, "x.jsonl", Options{Relations: true}},
		{"spacy", SpaCy, "x.jsonl", Options{}},
		{"labelstudio", LabelStudio, "x.json", Options{}},
		{"labelstudio utf16", LabelStudio, "x.json", Options{Offsets: OffsetsUTF16}},
		{"conll", CoNLL, "x.conll", Options{}},
		{"conll docstart", CoNLL, "x.conll", Options{DocStart: true}},
		{"conll 2003 bioes", CoNLL, "x.conll", Options{CoNLL2003: true, Scheme: BIOES}},
		{"conll segmented", CoNLL, "x.conll", Options{DocStart: true, Segmented: true}},
		{"hf", HF, "hf", Options{}},
		{"webanno", WebAnno, "webanno", Options{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out := filepath.Join(t.TempDir(), tt.out)
			rep, err := Export(tt.format, seq(docs), testSchema(), out, tt.opts)
			if err != nil {
				t.Fatal(err)
			}
			back, err := importPath(t, out, ImportOptions{Format: tt.format, Offsets: tt.opts.Offsets})
			if err != nil {
				t.Fatal(err)
			}
			got := measureLosses(docs, back)
			want := map[LossKind]int{}
			for _, l := range rep.Losses() {
				switch l.Kind {
				case LossOverlapsMovedOut: // they come back
				case LossOverlaps:
					want[LossSpans] += l.Count // the measure cannot tell why a span is missing
				default:
					want[l.Kind] += l.Count
				}
			}
			if !reflect.DeepEqual(got, want) {
				t.Errorf("a re-import lost\n%v\nthe report says\n%v\n%s", got, want, rep)
			}
			if rep.Lossless() != (len(got) == 0) {
				t.Errorf("Lossless() = %v with losses %v", rep.Lossless(), got)
			}
		})
	}
}
