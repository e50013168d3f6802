package format

import (
	"errors"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"unicode"

	"alama/annotate"
)

// TestHFRoundTrip exports the fixture and the NewsFANE slice to hf and
// imports the folder back: every token comes back at its offset and every
// tagged span over the same text, emoji and harakat included.
func TestHFRoundTrip(t *testing.T) {
	for _, tt := range []struct {
		name string
		docs []*annotate.Document
	}{{"fixture", fixture(t)}, {"newsfane", newsfaneDocs(t, 10)}} {
		t.Run(tt.name, func(t *testing.T) {
			out := filepath.Join(t.TempDir(), "hf")
			rep, err := Export(HF, seq(tt.docs), testSchema(), out, Options{})
			if err != nil {
				t.Fatal(err)
			}
			got, err := importPath(t, out, ImportOptions{Annotator: "ali"})
			if err != nil {
				t.Fatal(err)
			}
			if len(got) != len(tt.docs) {
				t.Fatalf("%d documents back, want %d", len(got), len(tt.docs))
			}
			// The CoNLL export of the same documents says which spans the
			// tags hold: compare with the spans read back.
			want, _ := exportBytes(t, CoNLL, tt.docs, Options{DocStart: true})
			back, _ := exportBytes(t, CoNLL, got, Options{DocStart: true})
			if string(want) != string(back) {
				t.Errorf("the tokens and tags differ after the round trip")
			}
			spans := 0
			for i, d := range got {
				orig := tt.docs[i]
				if d.Title != "data "+strconv.FormatUint(orig.ID, 10) {
					t.Errorf("title %q", d.Title)
				}
				for _, s := range d.Spans {
					if a, b := annotate.Slice(d.Text, s.Start, s.End), annotate.Slice(orig.Text, s.Start, s.End); !slices.Equal(words(a), words(b)) {
						t.Errorf("document %d: span [%d,%d) covers %q, was %q", orig.ID, s.Start, s.End, a, b)
					}
					if s.Annotator != "ali" {
						t.Errorf("annotator %q", s.Annotator)
					}
				}
				spans += len(d.Spans)
			}
			if spans != rep.Spans {
				t.Errorf("%d spans back, the export wrote %d", spans, rep.Spans)
			}
		})
	}
}

// words are the words of s without format marks (U+200E and the like,
// which the tokenizer leaves between tokens).
func words(s string) []string {
	return strings.Fields(strings.Map(func(r rune) rune {
		if unicode.Is(unicode.Cf, r) {
			return -1
		}
		return r
	}, s))
}

func TestReadHF(t *testing.T) {
	tests := []struct {
		name, in string
		want     []string // per document: text, then LABEL:covered text
		line     int      // the error's line, 0 for none
	}{
		{"string tags, no offsets", `{"tokens":["سمير","قال","🙂"],"ner_tags":["B-PER","O","S-X"]}` + "\n" + `{"tokens":["كَتَبَ"],"ner_tags":["B-V"]}`,
			[]string{"سمير قال 🙂", "PER:سمير", "X:🙂", "|", "كَتَبَ", "V:كَتَبَ"}, 0},
		{"one document by doc_id", `{"doc_id":"a","tokens":["x","y"],"ner_tags":["B-A","I-A"]}` + "\n" + `{"doc_id":"a","tokens":["z"],"ner_tags":["I-A"]}`,
			[]string{"x y\nz", "A:x y", "A:z"}, 0},
		{"offsets with gaps", `{"doc_id":1,"tokens":["🙂","ab"],"ner_tags":["O","B-A"],"offsets":[[2,3],[3,5]]}`,
			[]string{"  🙂ab", "A:ab"}, 0},
		{"tokens and tags differ", `{"tokens":["x"],"ner_tags":[]}`, nil, 1},
		{"offsets disagree", "\n" + `{"tokens":["xy"],"ner_tags":["O"],"offsets":[[0,1]]}`, nil, 2},
		{"offsets go back", `{"doc_id":1,"tokens":["x","y"],"ner_tags":["O","O"],"offsets":[[3,4],[1,2]]}`, nil, 1},
		{"integer tags need labels", `{"tokens":["x"],"ner_tags":[1]}`, nil, 1},
		{"bad tag", `{"tokens":["x"],"ner_tags":["PER"]}`, nil, 1},
		{"no tokens", `{"text":"x"}`, nil, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			docs, err := readAll(t, HF, []byte(tt.in), ImportOptions{})
			if tt.line > 0 {
				var le *LineError
				if !errors.As(err, &le) || le.Line != tt.line || !errors.Is(err, ErrFormat) {
					t.Fatalf("got %v, want an error on line %d", err, tt.line)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for i, d := range docs {
				if i > 0 {
					got = append(got, "|")
				}
				got = append(got, d.Text)
				for _, s := range d.Spans {
					got = append(got, s.Label+":"+d.SpanText(s))
				}
			}
			if strings.Join(got, "¦") != strings.Join(tt.want, "¦") {
				t.Errorf("got %q\nwant %q", got, tt.want)
			}
		})
	}
}

func FuzzReadHF(f *testing.F) {
	fuzzReader(f, HF,
		[]byte(`{"doc_id":1,"tokens":["كَتَبَ","🙂"],"ner_tags":["B-A","I-A"],"offsets":[[0,6],[7,8]]}`),
		[]byte(`{"tokens":["x"],"ner_tags":["S-X"]}`+"\n"+`{"tokens":["y"],"ner_tags":["O"]}`))
}
