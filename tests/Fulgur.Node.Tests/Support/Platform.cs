using System.Runtime.Versioning;

[assembly: UnsupportedOSPlatform("windows")]
