namespace Fulgur.Node.Logging;

/// <summary>Core Lightning's log levels, most verbose first (interfaces.md §2: io, debug, info, unusual, broken).</summary>
public enum LogLevel
{
    Io,
    Debug,
    Info,
    Unusual,
    Broken,
}

public static class LogLevels
{
    public static bool TryParse(string text, out LogLevel level)
    {
        switch (text)
        {
            case "io": level = LogLevel.Io; return true;
            case "debug": level = LogLevel.Debug; return true;
            case "info": level = LogLevel.Info; return true;
            case "unusual": level = LogLevel.Unusual; return true;
            case "broken": level = LogLevel.Broken; return true;
            default: level = default; return false;
        }
    }

    public static string Name(LogLevel level) => level switch
    {
        LogLevel.Io => "io",
        LogLevel.Debug => "debug",
        LogLevel.Info => "info",
        LogLevel.Unusual => "unusual",
        _ => "broken",
    };

    /// <summary>The tag written in each line, as Core Lightning prints it.</summary>
    public static string Tag(LogLevel level) => level switch
    {
        LogLevel.Io => "IO",
        LogLevel.Debug => "DEBUG",
        LogLevel.Info => "INFO",
        LogLevel.Unusual => "UNUSUAL",
        _ => "**BROKEN**",
    };
}
