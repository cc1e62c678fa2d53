// LogTail
