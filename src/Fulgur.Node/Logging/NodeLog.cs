using System.Globalization;

namespace Fulgur.Node.Logging;

/// <summary>Where log lines go: stderr or a file, one line each, written whole.</summary>
public interface ILogSink
{
    void Write(string line);
}

/// <summary>
/// The node's structured log: each line is <c>TIMESTAMP LEVEL SUBSYSTEM: message</c>, Core Lightning's layout.
/// Lines below the configured level are dropped before they are formatted.
/// </summary>
public sealed class NodeLog
{
    private readonly ILogSink _sink;
    private readonly TimeProvider _clock;

    public NodeLog(ILogSink sink, LogLevel minimum, TimeProvider clock)
    {
        _sink = sink;
        Minimum = minimum;
        _clock = clock;
    }

    public LogLevel Minimum { get; }

    public bool IsEnabled(LogLevel level) => level >= Minimum;

    /// <summary>A logger that prefixes every line with <paramref name="subsystem"/>.</summary>
    public Logger For(string subsystem) => new(this, subsystem);

    internal void Write(LogLevel level, string subsystem, string message)
    {
        if (!IsEnabled(level))
            return;
        var time = _clock.GetUtcNow().UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
        _sink.Write($"{time} {LogLevels.Tag(level),-7} {subsystem}: {message}");
    }
}

/// <summary>One subsystem's view of the <see cref="NodeLog"/>.</summary>
public sealed class Logger(NodeLog log, string subsystem)
{
    public bool IsEnabled(LogLevel level) => log.IsEnabled(level);
    public void Io(string message) => log.Write(LogLevel.Io, subsystem, message);
    public void Debug(string message) => log.Write(LogLevel.Debug, subsystem, message);
    public void Info(string message) => log.Write(LogLevel.Info, subsystem, message);
    public void Unusual(string message) => log.Write(LogLevel.Unusual, subsystem, message);
    public void Broken(string message) => log.Write(LogLevel.Broken, subsystem, message);
}
