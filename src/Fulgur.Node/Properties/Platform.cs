using System.Runtime.Versioning;

// The node uses Unix sockets, Unix file modes and flock: it runs on Linux (and other Unixes), not Windows.
[assembly: UnsupportedOSPlatform("windows")]
