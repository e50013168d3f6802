package app

import (
	"alama/annotate"
	"alama/annotate/agree"
)

// Survey reads every document of p once for its annotators and labels.
func Survey(p annotate.Project) (*agree.Survey, error) {
	s := &agree.Survey{}
	for d, err := range p.All() {
		if err != nil {
			return nil, err
		}
		s.Add(d)
	}
	return s, nil
}
