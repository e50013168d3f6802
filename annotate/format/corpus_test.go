package format

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"slices"
	"strings"
	"testing"

	"alama/annotate"
)

// newsFANE is a slice of a real corpus: tab-separated, BOM, CRLF, U+200E
// marks at the start of most tokens, tab-only sentence breaks.
const newsFANE = "../../testdata/newsfane/newsfane-slice.txt"

// refCoNLL reads a CoNLL file the plain way, as a reference: sentences
// of (token, tag) pairs, a BOM and CRs dropped, lines of only white space
// ending a sentence.
func refCoNLL(t *testing.T, data []byte) [][][2]string {
	t.Helper()
	data = bytes.TrimPrefix(data, []byte("\uFEFF"))
	var out [][][2]string
	var sent [][2]string
	for line := range strings.SplitSeq(strings.ReplaceAll(string(data), "\r\n", "\n"), "\n") {
		f := strings.Fields(line)
		if len(f) == 0 {
			if len(sent) > 0 {
				out = append(out, sent)
			}
			sent = nil
			continue
		}
		if len(f) != 2 {
			t.Fatalf("reference reader: line %q", line)
		}
		sent = append(sent, [2]string{f[0], f[1]})
	}
	if len(sent) > 0 {
		out = append(out, sent)
	}
	return out
}

// entities returns the chunks of tagged sentences as "sentence:from-to:label"
// strings, so two files can be compared entity by entity.
func entities(sents [][][2]string) []string {
	var out []string
	for i, s := range sents {
		tags := make([]string, len(s))
		for j, p := range s {
			tags[j] = p[1]
		}
		chunks, _ := decodeTags(tags)
		for _, c := range chunks {
			out = append(out, fmt.Sprintf("%d:%d-%d:%s", i, c.a, c.b, c.label))
		}
	}
	return out
}

// f1 is the entity F1 of got against want.
func f1(got, want []string) float64 {
	if len(got) == 0 && len(want) == 0 {
		return 1
	}
	w := map[string]bool{}
	for _, e := range want {
		w[e] = true
	}
	tp := 0
	for _, e := range got {
		if w[e] {
			tp++
		}
	}
	return 2 * float64(tp) / float64(len(got)+len(want))
}

// TestNewsFANERoundTrip imports the corpus slice and exports it again in
// every scheme: the same tokens (U+200E marks included), the same sentence
// breaks and the same entities, and in IOB2, its own scheme, the same
// tags; what was repaired is counted.
func TestNewsFANERoundTrip(t *testing.T) {
	data, err := os.ReadFile(newsFANE)
	if err != nil {
		t.Fatal(err)
	}
	want := refCoNLL(t, data)
	var rep ImportReport
	var uses LabelUses
	docs, err := readAll(t, CoNLL, data, ImportOptions{Report: &rep, Uses: &uses})
	if err != nil {
		t.Fatal(err)
	}
	if len(docs) != 1 || len(docs[0].Sentences) != len(want) {
		t.Fatalf("%d documents, %d sentences; want 1 and %d", len(docs), len(docs[0].Sentences), len(want))
	}
	lines := bytes.Count(data, []byte("\n"))
	if rep.BOMs != 1 || rep.CRLF != lines || rep.BlankBreaks != len(want) || rep.TokenizedDoc != 1 || rep.EmptyTokens != 0 {
		t.Errorf("report %+v, want 1 BOM, %d CRLF, %d blank breaks", rep, lines, len(want))
	}
	d := docs[0]
	var flat []string
	for _, s := range want {
		for _, p := range s {
			flat = append(flat, p[0])
		}
	}
	marks := 0
	text := []rune(d.Text) // offsets are code points: text[start:end]
	for i, tk := range d.Tokens {
		got := string(text[tk.Start:tk.End])
		if got != flat[i] {
			t.Fatalf("token %d: text[%d:%d] = %q, want %q", i, tk.Start, tk.End, got, flat[i])
		}
		if strings.HasPrefix(got, "\u200e") {
			marks++
		}
	}
	if marks < len(flat)/2 {
		t.Errorf("only %d of %d tokens start with U+200E", marks, len(flat))
	}
	for _, s := range d.Spans {
		if st := string(text[s.Start:s.End]); strings.HasPrefix(st, " ") || strings.HasSuffix(st, " ") {
			t.Errorf("span %q", st)
		}
	}
	wantLabels := map[string]int{} // label: line of first use
	line := 0
	for l := range strings.SplitSeq(string(data), "\n") {
		line++
		if _, tag, _ := strings.Cut(strings.TrimSpace(l), "\t"); len(tag) > 2 {
			if _, ok := wantLabels[tag[2:]]; !ok {
				wantLabels[tag[2:]] = line
			}
		}
	}
	got := uses.Take()
	for _, u := range got {
		if u.Line != wantLabels[u.Name] || u.File != "in" || u.Relation {
			t.Errorf("use %+v, want line %d", u, wantLabels[u.Name])
		}
	}
	if len(got) != len(wantLabels) {
		t.Errorf("%d labels used, want %d", len(got), len(wantLabels))
	}
	for _, scheme := range []Scheme{IOB2, IOB1, BIOES, BILOU} {
		t.Run(string(scheme), func(t *testing.T) {
			out, erep := exportBytes(t, CoNLL, docs, Options{Scheme: scheme})
			// Only the title, which CoNLL has no place for, is lost.
			if l := erep.Losses(); len(l) != 1 || l[0].Kind != LossTitles || erep.Spans != len(d.Spans) {
				t.Errorf("export report %+v", erep)
			}
			got := refCoNLL(t, out)
			if len(got) != len(want) {
				t.Fatalf("%d sentences, want %d", len(got), len(want))
			}
			for i := range want {
				if len(got[i]) != len(want[i]) {
					t.Fatalf("sentence %d: %d tokens, want %d", i, len(got[i]), len(want[i]))
				}
				for j := range want[i] {
					if got[i][j][0] != want[i][j][0] {
						t.Fatalf("sentence %d token %d: %q, want %q", i, j, got[i][j][0], want[i][j][0])
					}
					if scheme == IOB2 && got[i][j][1] != want[i][j][1] {
						t.Fatalf("sentence %d token %d: tag %q, want %q", i, j, got[i][j][1], want[i][j][1])
					}
				}
			}
			ge, we := entities(got), entities(want)
			if f := f1(ge, we); f != 1 || len(ge) != len(we) {
				t.Errorf("entity F1 %.4f (%d entities, want %d)", f, len(ge), len(we))
			}
		})
	}
	t.Run("hf", func(t *testing.T) {
		dir := t.TempDir()
		if _, err := Export(HF, seq(docs), nil, dir, Options{}); err != nil {
			t.Fatal(err)
		}
		out := mustRead(t, dir+"/data.jsonl")
		recs := bytes.Split(bytes.TrimSpace(out), []byte("\n"))
		if len(recs) != len(want) {
			t.Fatalf("%d records, want %d", len(recs), len(want))
		}
		for i, rec := range recs {
			var r hfRecord
			if err := json.Unmarshal(rec, &r); err != nil {
				t.Fatal(err)
			}
			var toks []string
			for _, p := range want[i] {
				toks = append(toks, p[0])
			}
			if !slices.Equal(r.Tokens, toks) {
				t.Fatalf("record %d: tokens %q, want %q", i, r.Tokens, toks)
			}
		}
	})
}

// TestCoNLLMessyFiles: what real files hold is repaired and counted, not
// refused, and a warning names the line of an empty token.
func TestCoNLLMessyFiles(t *testing.T) {
	input := "\uFEFFقال\tO\r\nعمان\tB-LOC\r\n\t\r\n \t \r\n\tO\r\nCafe\u0301\tB-ORG\r\nx\tI-ORG\r\n"
	var rep ImportReport
	var warned []string
	docs, err := readAll(t, CoNLL, []byte(input), ImportOptions{Report: &rep, Warn: func(err error) { warned = append(warned, err.Error()) }})
	if err != nil {
		t.Fatal(err)
	}
	want := ImportReport{BOMs: 1, CRLF: 7, BlankBreaks: 2, Normalized: 1, EmptyTokens: 1, TokenizedDoc: 1}
	if !equalReports(rep, want) {
		t.Errorf("report %+v, want %+v", rep, want)
	}
	if len(warned) != 1 || !strings.HasPrefix(warned[0], "in:5: empty token") {
		t.Errorf("warnings %q", warned)
	}
	d := docs[0]
	if d.Text != "قال عمان\nCafé x" || !slices.Equal(d.Sentences, []int{0, 2}) {
		t.Errorf("text %q sentences %v", d.Text, d.Sentences)
	}
	var got []string
	for _, s := range d.Spans {
		got = append(got, s.Label+":"+d.SpanText(s))
	}
	if strings.Join(got, "|") != "LOC:عمان|ORG:Café x" {
		t.Errorf("spans %q", got)
	}
	if s := rep.String(); !strings.Contains(s, "1 byte order mark dropped, 7 CRLF line ends read as LF, 2 lines of only spaces or tabs read as sentence breaks, 1 token put into Unicode NFC, 1 empty token skipped") {
		t.Errorf("report text %q", s)
	}
}

func equalReports(a, b ImportReport) bool {
	return a.BOMs == b.BOMs && a.CRLF == b.CRLF && a.BlankBreaks == b.BlankBreaks && a.Normalized == b.Normalized &&
		a.EmptyTokens == b.EmptyTokens && a.TokenizedDoc == b.TokenizedDoc
}

// TestTokensThroughOtherFormats: a tokenized document exported to WebAnno
// TSV or Hugging Face and imported back keeps its tokens and sentences, so
// its CoNLL export is the same.
func TestTokensThroughOtherFormats(t *testing.T) {
	data, err := os.ReadFile(newsFANE)
	if err != nil {
		t.Fatal(err)
	}
	docs, err := readAll(t, CoNLL, data, ImportOptions{})
	if err != nil {
		t.Fatal(err)
	}
	want, _ := exportBytes(t, CoNLL, docs, Options{})
	for _, f := range []string{WebAnno, HF} {
		t.Run(f, func(t *testing.T) {
			dir := t.TempDir() + "/out"
			if _, err := Export(f, seq(docs), nil, dir, Options{}); err != nil {
				t.Fatal(err)
			}
			var rep ImportReport
			back, err := importPath(t, dir, ImportOptions{Report: &rep})
			if err != nil {
				t.Fatal(err)
			}
			if len(back) != 1 || rep.TokenizedDoc != 1 || !slices.Equal(back[0].Tokens, docs[0].Tokens) || !slices.Equal(back[0].Sentences, docs[0].Sentences) {
				t.Fatalf("%d documents, %d tokenized; tokens kept: %v", len(back), rep.TokenizedDoc, len(back) == 1 && slices.Equal(back[0].Tokens, docs[0].Tokens))
			}
			if got, _ := exportBytes(t, CoNLL, back, Options{}); !bytes.Equal(got, want) {
				t.Error("the CoNLL export differs after the round trip")
			}
		})
	}
}

// TestSentencesNeverCutSpans: dots inside an entity do not end a sentence
// in the CoNLL and Hugging Face exports, and a span resized to whole words
// is counted as widened or narrowed, never both.
func TestSentencesNeverCutSpans(t *testing.T) {
	text := "قال إن الكي. جي. بي. اعتقلت الرجل. وبلغ العدد 13 . 2 مليون شخص. ثم انتهى الاجتماع."
	span := func(id uint64, sub, label string) annotate.Span {
		s, e := at(t, text, sub, 0)
		return annotate.Span{ID: id, Start: s, End: e, Label: label}
	}
	d := &annotate.Document{ID: 1, Text: text, Status: annotate.StatusNew, Spans: []annotate.Span{
		span(1, "الكي. جي. بي.", "ORG"),
		span(2, "13 . 2 مليون", "NUM"),
		span(3, "الرجل. ", "PER"),   // ends in white space: narrowed
		span(4, "الاجتما", "EVENT"), // most of a word: widened
		span(5, " ثم", "TIME"),      // starts in white space: narrowed
	}}
	annotate.SortSpans(d.Spans)
	out, rep := exportBytes(t, CoNLL, []*annotate.Document{d}, Options{Scheme: BIOES})
	if rep.Widened != 1 || rep.Narrowed != 2 || rep.Spans != 5 {
		t.Errorf("report %+v, want 1 widened, 2 narrowed, 5 spans", rep)
	}
	sents := refCoNLL(t, out)
	got := entities(sents)
	var texts []string
	for _, e := range got {
		var i, a, b int
		var label string
		fmt.Sscanf(strings.ReplaceAll(strings.ReplaceAll(e, ":", " "), "-", " "), "%d %d %d %s", &i, &a, &b, &label)
		var words []string
		for _, p := range sents[i][a:b] {
			words = append(words, p[0])
		}
		texts = append(texts, label+"="+strings.Join(words, " "))
	}
	want := []string{"ORG=الكي . جي . بي .", "PER=الرجل .", "NUM=13 . 2 مليون", "TIME=ثم", "EVENT=الاجتماع"}
	if strings.Join(texts, "|") != strings.Join(want, "|") {
		t.Errorf("entities %q\nwant %q\n%s", texts, want, out)
	}
	// The sentences the splitter would cut inside an entity are one; it
	// still ends sentences elsewhere.
	if len(sents) != 4 || len(sents[0]) != 8 || len(sents[2]) != 8 {
		t.Errorf("%d sentences, want 4 (8, 3, 8 and 4 tokens):\n%s", len(sents), out)
	}
	// Without the spans the splitter cuts at every one of those dots.
	d.Spans = nil
	out, _ = exportBytes(t, CoNLL, []*annotate.Document{d}, Options{})
	if n := len(refCoNLL(t, out)); n <= 4 {
		t.Errorf("%d sentences without spans: the test no longer shows a cut avoided", n)
	}
}
