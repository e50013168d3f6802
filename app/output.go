package app

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"alama/annotate"
	"alama/annotate/format"
)

// ErrOutput is the cause of refusing an output path: Alama will not write
// over it.
var ErrOutput = errors.New("will not write there")

// maxLinks is how many symbolic links OutputPath follows before giving up.
const maxLinks = 40

// OutputPath checks the path out that Alama is about to write a file
// (folder false) or a folder (folder true) to, for the project file
// project (empty if there is none), and returns the path to write: out
// itself, or the file a symbolic link at out points to, so that the link
// stays and its target gets the new content.
//
// It refuses, with ErrOutput: the project file itself, by any path, link
// or hard link, and its backup folder and anything in it; anything that is
// not a regular file, a folder or a missing path (a named pipe, a device,
// a socket); an existing regular file where a folder is to go, and an
// existing folder where a file is to go. Writers then write beside the
// returned path and rename onto it, removing first the temporary files a
// killed export left there (see format.RemoveStale).
func OutputPath(out, project string, folder bool) (string, error) {
	if out == "" {
		return "", fmt.Errorf("no output path: %w", ErrOutput)
	}
	target, err := resolveLinks(out)
	if err != nil {
		return "", err
	}
	info, err := os.Stat(target)
	missing := errors.Is(err, fs.ErrNotExist)
	if err != nil && !missing {
		return "", err
	}
	if project != "" {
		if err := notProject(out, target, info, project); err != nil {
			return "", err
		}
	}
	switch {
	case missing:
	case info.Mode().IsRegular() && folder:
		return "", fmt.Errorf("%s is a file, and this export writes a folder: remove it or choose another name: %w", out, ErrOutput)
	case info.IsDir() && !folder:
		return "", fmt.Errorf("%s is a folder: choose a file name: %w", out, ErrOutput)
	case !info.Mode().IsRegular() && !info.IsDir():
		return "", fmt.Errorf("%s is %s, not a regular file: %w", out, kindOf(info.Mode()), ErrOutput)
	}
	return target, nil
}

// notProject refuses target (out, resolved; info nil if missing) if it is
// the project file or lies in the project's backup folder.
func notProject(out, target string, info fs.FileInfo, project string) error {
	pinfo, err := os.Stat(project)
	if err != nil {
		return nil // no project file to protect
	}
	if info != nil && os.SameFile(info, pinfo) {
		return fmt.Errorf("%s is the project file itself: choose another name: %w", out, ErrOutput)
	}
	dir, err := resolveDir(target)
	if err != nil {
		return nil
	}
	// The backup folder is named after the path the project was opened
	// by, which may be a link: both names count.
	for _, p := range []string{project, resolveOr(project)} {
		backups, err := resolveDir(p + ".backups")
		if err == nil && (dir == backups || strings.HasPrefix(dir, backups+string(filepath.Separator))) {
			return fmt.Errorf("%s is in the project's backup folder: choose another place: %w", out, ErrOutput)
		}
	}
	return nil
}

// resolveOr returns path with its symbolic links resolved, or path.
func resolveOr(path string) string {
	if real, err := filepath.EvalSymlinks(path); err == nil {
		return real
	}
	return path
}

// resolveDir returns path made absolute with the symbolic links of its
// folders resolved; path itself need not exist.
func resolveDir(path string) (string, error) {
	abs, err := filepath.Abs(path)
	if err != nil {
		return "", err
	}
	dir, err := filepath.EvalSymlinks(filepath.Dir(abs))
	if err != nil {
		return "", err
	}
	return filepath.Join(dir, filepath.Base(abs)), nil
}

// resolveLinks follows symbolic links from path, even a link to a file
// that does not exist yet, and returns the path they end at.
func resolveLinks(path string) (string, error) {
	for range maxLinks {
		info, err := os.Lstat(path)
		if err != nil || info.Mode()&fs.ModeSymlink == 0 {
			return path, nil
		}
		to, err := os.Readlink(path)
		if err != nil {
			return "", err
		}
		if !filepath.IsAbs(to) {
			to = filepath.Join(filepath.Dir(path), to)
		}
		path = to
	}
	return "", fmt.Errorf("%s: more than %d symbolic links: %w", path, maxLinks, ErrOutput)
}

// kindOf names what a file that is neither regular nor a folder is.
func kindOf(m fs.FileMode) string {
	switch {
	case m.IsDir():
		return "a folder"
	case m&fs.ModeNamedPipe != 0:
		return "a named pipe (FIFO)"
	case m&fs.ModeCharDevice != 0:
		return "a character device"
	case m&fs.ModeDevice != 0:
		return "a device"
	case m&fs.ModeSocket != 0:
		return "a socket"
	}
	return "a special file"
}

// projectPath returns the file p is kept in, if it says.
func projectPath(p annotate.Project) string {
	if pp, ok := p.(interface{ Path() string }); ok {
		return pp.Path()
	}
	return ""
}

// checkExportOutputs checks with OutputPath where an export of the named
// format writes: out, or with a split of a file format the three part
// files. It returns the path to give format.Export.
func checkExportOutputs(name, out, project string, opts format.Options) (string, error) {
	folder := format.WritesFolder(name)
	target, err := OutputPath(out, project, folder)
	if err != nil {
		return "", err
	}
	var others []string
	if opts.Split != nil && !folder {
		for _, part := range format.Parts {
			others = append(others, format.PartName(target, part))
		}
	}
	if name == format.LabelStudio {
		others = append(others, format.LabelStudioConfigName(target))
	}
	for _, o := range others {
		if _, err := OutputPath(o, project, false); err != nil {
			return "", err
		}
	}
	return target, nil
}
