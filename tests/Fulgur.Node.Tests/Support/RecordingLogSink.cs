using Fulgur.Node.Logging;

namespace Fulgur.Node.Tests.Support;

/// <summary>Keeps log lines in memory for assertions.</summary>
public sealed class RecordingLogSink : ILogSink
{
    private readonly List<string> _lines = [];

    public IReadOnlyList<string> Lines
    {
        get { lock (_lines) return [.. _lines]; }
    }

    public void Write(string line)
    {
        lock (_lines)
            _lines.Add(line);
    }

    public static NodeLog Log(out RecordingLogSink sink, LogLevel level = LogLevel.Debug)
    {
        sink = new RecordingLogSink();
        return new NodeLog(sink, level, TimeProvider.System);
    }
}
