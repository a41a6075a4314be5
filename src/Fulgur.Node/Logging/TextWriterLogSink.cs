namespace Fulgur.Node.Logging;

/// <summary>Writes each line to a <see cref="TextWriter"/> (stderr or an appended --log-file) and flushes it at once.</summary>
public sealed class TextWriterLogSink(TextWriter writer) : ILogSink, IDisposable
{
    private readonly Lock _lock = new();

    public static TextWriterLogSink OpenFile(string path)
    {
        var stream = new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.ReadWrite);
        return new TextWriterLogSink(new StreamWriter(stream) { AutoFlush = true });
    }

    public void Write(string line)
    {
        lock (_lock)
        {
            writer.WriteLine(line);
            writer.Flush();
        }
    }

    public void Dispose() => writer.Dispose();
}
