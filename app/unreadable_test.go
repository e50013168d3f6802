package app

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"alama/annotate"
)

// TestReadable: documents whose records cannot be read are left out and
// collected; another error is passed on and ends the loop when the
// caller stops.
func TestReadable(t *testing.T) {
	fatal := errors.New("the project file went away")
	all := func(yield func(*annotate.Document, error) bool) {
		for i := uint64(1); i <= 5; i++ {
			var err error
			switch i {
			case 2, 4:
				err = &annotate.UnreadableError{ID: i, Err: fmt.Errorf("document %d: bad record", i)}
			case 5:
				err = fatal
			}
			var d *annotate.Document
			if err == nil {
				d = &annotate.Document{ID: i}
			}
			if !yield(d, err) {
				return
			}
		}
	}
	var u Unreadable
	var got []string
	for d, err := range Readable(all, &u) {
		if err != nil {
			got = append(got, err.Error())
			break
		}
		got = append(got, fmt.Sprint(d.ID))
	}
	if strings.Join(got, ",") != "1,3,the project file went away" {
		t.Errorf("yielded %q", got)
	}
	err := u.Err()
	if err == nil || err.Error() != "2 documents could not be read and were left out, the first: document 2: bad record" {
		t.Errorf("Err() = %v", err)
	}
	var ue *annotate.UnreadableError
	if !errors.As(err, &ue) || ue.ID != 2 {
		t.Errorf("%v does not unwrap to document 2", err)
	}
	if (&Unreadable{}).Err() != nil {
		t.Error("an empty list is an error")
	}
}
