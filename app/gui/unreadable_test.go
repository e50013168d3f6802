package gui

import (
	"encoding/binary"
	"errors"
	"testing"

	bolt "go.etcd.io/bbolt"

	"alama/annotate"
	"alama/app"
	"alama/store"
)

// TestUnreadableDocumentLeftOut: a document whose stored record cannot be
// read does not stop the statistics, the agreement or the score: they
// cover the other documents and say which one was left out.
func TestUnreadableDocumentLeftOut(t *testing.T) {
	span := func(w, label, annotator string) annotate.Span {
		s, e := word(t, w)
		return annotate.Span{Start: s, End: e, Label: label, Annotator: annotator}
	}
	path, ids := projectFile(t, []*annotate.Document{
		{Title: "خبر", Text: article, Status: annotate.StatusDone, Spans: []annotate.Span{
			span("الحكومة", "ACTOR", "teacher"), span("الحكومة", "ACTOR", "tester"), span("مستشفى", "LOCATION", "teacher"),
		}},
		{Title: "خبر تالف", Text: "نص سيتلف سجله.", Status: annotate.StatusNew},
	})
	db, err := bolt.Open(path, 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	err = db.Update(func(tx *bolt.Tx) error {
		return tx.Bucket([]byte("docs")).Put(binary.BigEndian.AppendUint64(nil, ids[1]), []byte(`{"v":1,"title":`))
	})
	if cerr := db.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		t.Fatal(err)
	}
	u, p := openUI(t, path, store.Options{})

	leftOut := func(what string, err error) {
		t.Helper()
		var un *app.Unreadable
		var ue *annotate.UnreadableError
		if !errors.As(err, &un) || len(un.Errs) != 1 || !errors.As(un.Errs[0], &ue) || ue.ID != ids[1] {
			t.Errorf("%s: error %v, want the damaged document %d named as left out", what, err, ids[1])
		}
	}
	_, statuses, _, err := projectCounts(p, u.schema)
	leftOut("statistics", err)
	counted := 0
	for _, b := range statuses {
		counted += b.value
	}
	if counted != 1 {
		t.Errorf("statistics counted %d documents, want the readable one", counted)
	}
	r, err := u.agreementReport()
	leftOut("agreement", err)
	if r == nil || r.Documents != 1 {
		t.Errorf("agreement report %+v, want one document compared", r)
	}
	sc, err := u.score("teacher", "tester")
	leftOut("score", err)
	if sc == nil || sc.Documents != 1 {
		t.Errorf("score %+v, want one document scored", sc)
	}
}
