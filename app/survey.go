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

// Agreement compares the layers names of every document of p on labels
// (only label, if not ""). Documents whose records cannot be read are
// left out: the report of the rest comes with an *Unreadable listing them.
func Agreement(p annotate.Project, names, labels []string, label string) (*agree.Report, error) {
	g := agree.New(names, labels, label)
	var u Unreadable
	for d, err := range Readable(p.All(), &u) {
		if err != nil {
			return nil, err
		}
		g.Add(d)
	}
	return g.Report(), u.Err()
}

// Score scores annotator's layer against key over every document of p.
// Documents whose records cannot be read are left out: the report of the
// rest comes with an *Unreadable listing them.
func Score(p annotate.Project, key, annotator string) (*agree.ScoreReport, error) {
	s := agree.NewScorer(key, annotator)
	var u Unreadable
	for d, err := range Readable(p.All(), &u) {
		if err != nil {
			return nil, err
		}
		s.Add(d)
	}
	return s.Report(), u.Err()
}
