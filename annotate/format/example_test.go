package format_test

import (
	"fmt"
	"os"

	"alama/annotate"
	"alama/annotate/format"
)

// Offsets count code points: the emoji before «عمّان» is one, as in
// Python's str.
func ExampleExportTo() {
	d := &annotate.Document{ID: 7, Text: "وصل 🙂 الوفدُ إلى عمّان", Status: annotate.StatusDone,
		Spans: []annotate.Span{
			{ID: 1, Start: 6, End: 12, Label: "ACTOR"},
			{ID: 2, Start: 17, End: 22, Label: "LOCATION"},
		}}
	// What annotate.Project.All yields: documents one at a time.
	docs := func(yield func(*annotate.Document, error) bool) { yield(d, nil) }
	rep, err := format.ExportTo(os.Stdout, format.SpaCy, docs, nil, format.Options{})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Print(rep)
	// Output:
	// {"id":7,"text":"وصل 🙂 الوفدُ إلى عمّان","entities":[[6,12,"ACTOR"],[17,22,"LOCATION"]],"spans":{"sc":[[6,12,"ACTOR"],[17,22,"LOCATION"]]}}
	// spacy: 1 document, 2 spans, 0 relations
	// lost: document statuses (1)
}
