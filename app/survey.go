package app

import (
	"alama/annotate"
	"alama/annotate/agree"
)

// Survey reads every document of p once for its annotators and labels.
// Documents whose records cannot be read are left out: the survey of the
// rest comes with an *Unreadable listing them.
func Survey(p annotate.Project) (*agree.Survey, error) {
	s := &agree.Survey{}
	var u Unreadable
	for d, err := range Readable(p.All(), &u) {
		if err != nil {
			return nil, err
		}
		s.Add(d)
	}
	return s, u.Err()
}
