//go:build !unix

package format

import "os"

// processRuns reports whether a process with the id pid exists.
func processRuns(pid int) bool {
	p, err := os.FindProcess(pid)
	if err != nil {
		return false
	}
	_ = p.Release()
	return true
}
