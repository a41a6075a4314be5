using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text;

namespace Fulgur.Node;

/// <summary>
/// <c>DIR/&lt;network&gt;/fulgurd.pid</c>, held open with an exclusive lock (.NET takes flock(LOCK_EX) for
/// FileShare.None) for the daemon's lifetime, so a second fulgurd on the same directory refuses to start. The kernel
/// drops the lock when the process dies, even on kill -9. The file holds the owner's pid for operators.
/// </summary>
public sealed class NodeLock : IDisposable
{
    public const string FileName = "fulgurd.pid";

    private readonly FileStream _file;

    private NodeLock(FileStream file) => _file = file;

    public static bool TryAcquire(string networkDir, [NotNullWhen(true)] out NodeLock? nodeLock, out string error)
    {
        nodeLock = null;
        var path = Path.Combine(networkDir, FileName);
        FileStream file;
        try
        {
            file = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException)
        {
            error = $"another fulgurd is already running on {networkDir} (it holds the lock on {path})";
            return false;
        }
        catch (UnauthorizedAccessException e)
        {
            error = $"cannot open lock file {path}: {e.Message}";
            return false;
        }
        file.SetLength(0);
        file.Write(Encoding.ASCII.GetBytes(Environment.ProcessId.ToString(CultureInfo.InvariantCulture) + "\n"));
        file.Flush(flushToDisk: true);
        nodeLock = new NodeLock(file);
        error = "";
        return true;
    }

    /// <summary>
    /// Releases the lock. The file stays: deleting it could let two daemons lock two different inodes of the same name.
    /// </summary>
    public void Dispose() => _file.Dispose();
}
