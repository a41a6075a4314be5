namespace Fulgur.Node.Tests.Support;

/// <summary>
/// A fresh directory under /tmp, deleted on dispose. Kept short: a Unix socket path must fit in 108 bytes.
/// </summary>
public sealed class TempDirectory : IDisposable
{
    public TempDirectory()
    {
        Path = System.IO.Path.Combine("/tmp", "fnt-" + Guid.NewGuid().ToString("N")[..10]);
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    public string Combine(params string[] parts) => System.IO.Path.Combine([Path, .. parts]);

    public void Dispose()
    {
        try
        {
            // hsm_secret is 0400 and its directory may be 0700: deletion only needs the directory writable.
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
