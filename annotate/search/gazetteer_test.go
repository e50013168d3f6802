package search

import (
	"errors"
	"os"
	"slices"
	"strings"
	"testing"

	"alama/annotate"
)

func TestParseGazetteer(t *testing.T) {
	tests := []struct {
		name, file, format, label, in string
		want                          []Term
	}{
		{"plain", "p.txt", Plain, "LOCATION", "# places\nبيروت\n\n  القدس  \r\nالأمم المتحدة\n",
			[]Term{{"بيروت", "LOCATION", 2}, {"القدس", "LOCATION", 4}, {"الأمم المتحدة", "LOCATION", 5}}},
		{"plain with BOM", "p.txt", Plain, "LOCATION", "\xEF\xBB\xBFمصر", []Term{{"مصر", "LOCATION", 1}}},
		{"csv with header", "a.csv", CSV, "", "term,label\nأحمد,ACTOR\n\"وزارة الصحة, العامة\",ACTOR\n",
			[]Term{{"أحمد", "ACTOR", 2}, {"وزارة الصحة, العامة", "ACTOR", 3}}},
		{"csv default label", "a.csv", CSV, "ACTOR", "# actors\nأحمد\nغزة,LOCATION\n",
			[]Term{{"أحمد", "ACTOR", 2}, {"غزة", "LOCATION", 3}}},
		{"csv harakat and emoji", "a.csv", CSV, "", "كَتَبَ 🙂,EVENT\n", []Term{{"كَتَبَ 🙂", "EVENT", 1}}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			g, err := ParseGazetteer(strings.NewReader(tc.in), tc.file, tc.format, tc.label)
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(g.Terms, tc.want) || g.File != tc.file {
				t.Errorf("terms = %v, want %v", g.Terms, tc.want)
			}
		})
	}
}

func TestParseGazetteerErrors(t *testing.T) {
	tests := []struct {
		name, format, label, in, want string
	}{
		{"no label", Plain, "", "بيروت\n", "g:1: term \"بيروت\" has no label"},
		{"tab in plain", Plain, "LOCATION", "بيروت\nالقدس\tLOCATION\n", "g:2: tab in a plain term list"},
		{"invalid utf-8", Plain, "LOCATION", "بيروت\nab\xff\n", "g:2: invalid UTF-8"},
		{"nul", Plain, "LOCATION", "a\x00b", "g:1: NUL byte"},
		{"empty file", Plain, "LOCATION", "# nothing\n\n", "g:1: no terms"},
		{"harakat only", Plain, "LOCATION", "بيروت\n\u064E\u064F\n", "g:2: term \"\u064E\u064F\" has no letters"},
		{"three fields", CSV, "", "أحمد,ACTOR\nغزة,LOCATION,x\n", "g:2: 3 fields, want term,label"},
		{"empty term", CSV, "", "أحمد,ACTOR\n ,ACTOR\n", "g:2: empty term"},
		{"label with space", CSV, "", "أحمد,AN ACTOR\n", "g:1: label \"AN ACTOR\" contains white space"},
		{"bad quote", CSV, "", "أحمد,ACTOR\n\"غزة,LOC\n", "g:2: extraneous or missing \" in quoted-field"},
		{"csv missing label", CSV, "", "term,label\nأحمد\n", "g:2: term \"أحمد\" has no label"},
		{"unknown format", "xml", "A", "a", "g: unknown gazetteer format"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := ParseGazetteer(strings.NewReader(tc.in), "g", tc.format, tc.label)
			if err == nil || !strings.HasPrefix(err.Error(), tc.want) {
				t.Fatalf("error = %v, want prefix %q", err, tc.want)
			}
			if tc.format != "xml" && !errors.Is(err, ErrGazetteer) {
				t.Errorf("error %v is not ErrGazetteer", err)
			}
		})
	}
}

func TestGazetteerFiles(t *testing.T) {
	for _, tc := range []struct {
		file, label string
		n           int
	}{{"testdata/places.txt", "LOCATION", 4}, {"testdata/actors.csv", "LOCATION", 4}} {
		t.Run(tc.file, func(t *testing.T) {
			f, err := os.Open(tc.file)
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { f.Close() })
			g, err := ParseGazetteer(f, tc.file, FormatOf(tc.file), tc.label)
			if err != nil {
				t.Fatal(err)
			}
			if len(g.Terms) != tc.n {
				t.Errorf("%d terms, want %d", len(g.Terms), tc.n)
			}
		})
	}
}

func TestCheckLabels(t *testing.T) {
	s := &annotate.Schema{Labels: []annotate.Label{{Name: "ACTOR"}}}
	g := &Gazetteer{File: "g.csv", Terms: []Term{{"أحمد", "ACTOR", 1}, {"غزة", "PLACE", 3}}}
	err := g.CheckLabels(s)
	if err == nil || !strings.HasPrefix(err.Error(), `g.csv:3: label "PLACE" is not in the schema`) {
		t.Errorf("CheckLabels = %v", err)
	}
	if err := (&Gazetteer{Terms: g.Terms[:1]}).CheckLabels(s); err != nil {
		t.Errorf("CheckLabels of known labels = %v", err)
	}
}

func FuzzParseGazetteer(f *testing.F) {
	f.Add("term,label\nأحمد,ACTOR\n\"وزارة الصحة\",ACTOR\nغزة\n", true)
	f.Add("# places\nبيروت\nكَتَبَ 🙂\n", false)
	f.Add("\"a\"\"b\",X\n", true)
	f.Add("a,b,c\n\xff", false)
	f.Fuzz(func(t *testing.T, in string, csv bool) {
		format := Plain
		if csv {
			format = CSV
		}
		g, err := ParseGazetteer(strings.NewReader(in), "f", format, "LABEL")
		if err != nil {
			var ge *GazetteerError
			if !errors.As(err, &ge) || ge.Line < 1 || !strings.HasPrefix(err.Error(), "f:") {
				t.Fatalf("error %v names no line", err)
			}
			return
		}
		for _, term := range g.Terms {
			if term.Text == "" || term.Label == "" || term.Line < 1 {
				t.Fatalf("bad term %+v", term)
			}
		}
		d := &annotate.Document{ID: 1, Text: in}
		if annotate.CheckText(in) != nil {
			return
		}
		edits := Suggest(d, g, "f", annotate.Span{}.Created)
		if _, err := (annotate.Batch{Edits: withIDs(edits)}).Apply(d, nil); err != nil {
			t.Fatalf("suggestions do not apply: %v", err)
		}
	})
}
