package format

import (
	"encoding/xml"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"alama/annotate"
)

// TestLabelStudioAnnotators: each annotation of a task goes to the layer
// of the person who made it, however Label Studio names them; identical
// regions of two people stay two spans; cancelled annotations are skipped;
// predictions go to the layer of their model.
func TestLabelStudioAnnotators(t *testing.T) {
	region := `{"id":"r%s","from_name":"label","to_name":"text","type":"labels","value":{"start":5,"end":12,"text":"الوزيرُ","labels":["ACTOR"]}},
		{"id":"q%s","from_name":"label","to_name":"text","type":"labels","value":{"start":15,"end":21,"labels":["CLAIM"]}},
		{"from_id":"q%s","to_id":"r%s","type":"relation","labels":["CLAIMED_BY"]}`
	r := func(id string) string { return strings.ReplaceAll(region, "%s", id) }
	in := `[{"data":{"text":"قالَ الوزيرُ 🙂 كلامًا"},"annotations":[
	{"completed_by":3,"created_username":"amal@example.org, 3","result":[` + r("1") + `]},
	{"completed_by":{"id":4,"email":"sami@example.org"},"result":[` + r("1") + `]},
	{"completed_by":5,"result":[` + r("2") + `]},
	{"result":[` + r("3") + `]},
	{"completed_by":6,"was_cancelled":true,"result":[]}],
	"predictions":[{"model_version":"m1","result":[` + r("1") + `]}]}]`
	docs, err := readAll(t, LabelStudio, []byte(in), ImportOptions{Annotator: "importer"})
	if err != nil {
		t.Fatal(err)
	}
	d := docs[0]
	layers := map[string][]string{}
	for _, s := range d.Spans {
		who := s.Annotator
		if s.Suggested {
			who += " (suggested)"
		}
		layers[who] = append(layers[who], s.Label+":"+d.SpanText(s))
	}
	for _, who := range []string{"amal@example.org", "sami@example.org", "user 5", "importer", "m1 (suggested)"} {
		got := layers[who]
		slices.Sort(got)
		if strings.Join(got, " ") != "ACTOR:الوزيرُ CLAIM:كلامًا" {
			t.Errorf("layer %q: %q", who, got)
		}
	}
	if len(layers) != 5 || len(d.Spans) != 10 {
		t.Errorf("%d layers, %d spans: %v", len(layers), len(d.Spans), layers)
	}
	if len(d.Relations) != 5 {
		t.Fatalf("%d relations, want one per annotation", len(d.Relations))
	}
	for _, rel := range d.Relations {
		from, _ := d.Span(rel.From)
		to, _ := d.Span(rel.To)
		if from.Annotator != to.Annotator || from.Label != "CLAIM" || to.Label != "ACTOR" {
			t.Errorf("relation %+v joins %s of %s and %s of %s", rel, from.Label, from.Annotator, to.Label, to.Annotator)
		}
	}
}

// TestLabelStudioRoundTripAnnotators: the export writes one annotation per
// annotator and the import puts each back in its layer.
func TestLabelStudioRoundTripAnnotators(t *testing.T) {
	docs := fixture(t)
	data, _ := exportBytes(t, LabelStudio, docs, Options{})
	got, err := readAll(t, LabelStudio, data, ImportOptions{Annotator: "imp"})
	if err != nil {
		t.Fatal(err)
	}
	for i, d := range docs {
		for j, s := range d.Spans {
			g := got[i].Spans[j]
			if g.Start != s.Start || g.End != s.End || (!s.Suggested && g.Annotator != s.Annotator) {
				t.Errorf("document %d span %d: [%d,%d) by %q, want [%d,%d) by %q", i, j, g.Start, g.End, g.Annotator, s.Start, s.End, s.Annotator)
			}
		}
	}
}

// TestLabelStudioUTF16: with UTF-16 offsets a span after an emoji moves one
// unit on, and reads back at its code points; read as code points it is
// refused, not misplaced.
func TestLabelStudioUTF16(t *testing.T) {
	docs := fixture(t)
	data, _ := exportBytes(t, LabelStudio, docs, Options{Offsets: OffsetsUTF16})
	city := docs[0].Spans[slices.IndexFunc(docs[0].Spans, func(s annotate.Span) bool { return s.Label == "LOCATION" && s.Start > 90 })]
	if want := `"start":` + strconv.Itoa(city.Start+1) + `,"end":` + strconv.Itoa(city.End+1) + `,"text":"المدينة"`; !strings.Contains(string(data), want) {
		t.Errorf("the span after the emoji is not at %s", want)
	}
	got, err := readAll(t, LabelStudio, data, ImportOptions{Offsets: OffsetsUTF16})
	if err != nil {
		t.Fatal(err)
	}
	for i, d := range docs {
		if g, w := canon(got[i], true, true), canon(d, true, true); g != strings.ReplaceAll(w, "\nDATE 6→7", "") && g != w {
			t.Errorf("document %d:\n got %s\nwant %s", i, g, w)
		}
		for _, s := range got[i].Spans {
			orig := d.Spans[slices.IndexFunc(d.Spans, func(o annotate.Span) bool { return o.Start == s.Start && o.End == s.End })]
			if annotate.Slice(got[i].Text, s.Start, s.End) != d.SpanText(orig) {
				t.Errorf("document %d: span [%d,%d) covers other text", i, s.Start, s.End)
			}
		}
	}
	if _, err := readAll(t, LabelStudio, data, ImportOptions{}); !errors.Is(err, ErrFormat) {
		t.Errorf("UTF-16 offsets read as code points: %v, want a text mismatch", err)
	}
	in := `[{"data":{"text":"🙂 x"},"annotations":[{"result":[{"id":"a","from_name":"label","to_name":"text","type":"labels","value":{"start":1,"end":4,"labels":["X"]}}]}]}]`
	if _, err := readAll(t, LabelStudio, []byte(in), ImportOptions{Offsets: OffsetsUTF16}); !errors.Is(err, ErrFormat) {
		t.Errorf("an offset inside the emoji: %v, want ErrFormat", err)
	}
	if _, err := ExportTo(&strings.Builder{}, SpaCy, seq(docs), nil, Options{Offsets: OffsetsUTF16}); !errors.Is(err, annotate.ErrInvalid) {
		t.Errorf("spaCy with UTF-16 offsets: %v, want ErrInvalid", err)
	}
}

// TestLabelStudioConfig: the export writes the labeling configuration
// beside the tasks, with the schema's labels, relation types and
// attributes, plus what the documents use beyond the schema.
func TestLabelStudioConfig(t *testing.T) {
	out := filepath.Join(t.TempDir(), "tasks.json")
	rep, err := Export(LabelStudio, seq(fixture(t)), testSchema(), out, Options{})
	if err != nil {
		t.Fatal(err)
	}
	conf := filepath.Join(filepath.Dir(out), "tasks.config.xml")
	if !slices.Equal(rep.Files, []string{out, conf}) {
		t.Errorf("files %q", rep.Files)
	}
	data, err := os.ReadFile(conf)
	if err != nil {
		t.Fatal(err)
	}
	golden(t, "fixture.labelstudio.config.xml", data)
	var v struct {
		Labels struct {
			Name   string `xml:"name,attr"`
			Labels []struct {
				Value string `xml:"value,attr"`
			} `xml:"Label"`
		}
		Relations struct {
			Relation []struct {
				Value string `xml:"value,attr"`
			}
		}
		Text struct {
			Value string `xml:"value,attr"`
		}
		View struct {
			Choices []struct {
				Name      string `xml:"name,attr"`
				PerRegion string `xml:"perRegion,attr"`
				Choice    []struct {
					Value string `xml:"value,attr"`
				}
			}
		}
	}
	if err := xml.Unmarshal(data, &v); err != nil {
		t.Fatal(err)
	}
	var labels, rels, attrs []string
	for _, l := range v.Labels.Labels {
		labels = append(labels, l.Value)
	}
	for _, r := range v.Relations.Relation {
		rels = append(rels, r.Value)
	}
	for _, c := range v.View.Choices {
		attrs = append(attrs, c.Name)
	}
	for _, l := range testSchema().Labels {
		if !slices.Contains(labels, l.Name) {
			t.Errorf("label %s missing from %q", l.Name, labels)
		}
	}
	for _, want := range []string{"CLAIMED_BY", "AGENT", "PLACE", "DATE"} {
		if !slices.Contains(rels, want) {
			t.Errorf("relation %s missing from %q", want, rels)
		}
	}
	for _, want := range []string{"type", "certainty", "stance", "negated"} {
		if !slices.Contains(attrs, want) {
			t.Errorf("attribute %s missing from %q", want, attrs)
		}
	}
	if v.Labels.Name != lsFromName || v.Text.Value != "$text" {
		t.Errorf("Labels name %q, Text value %q", v.Labels.Name, v.Text.Value)
	}
}
