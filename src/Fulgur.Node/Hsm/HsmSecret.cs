using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;

namespace Fulgur.Node.Hsm;

/// <summary>
/// The node's root secret, <c>DIR/&lt;network&gt;/hsm_secret</c>: 32 random bytes in a file of mode 0400
/// (interfaces.md §2). Only <see cref="NodeKeyDerivation"/> (the in-process signer) reads the bytes.
/// </summary>
public sealed class HsmSecret : IDisposable
{
    public const int Length = 32;
    public const string FileName = "hsm_secret";

    private readonly byte[] _secret = GC.AllocateArray<byte>(Length, pinned: true);

    private HsmSecret(ReadOnlySpan<byte> secret) => secret.CopyTo(_secret);

    internal ReadOnlySpan<byte> Bytes => _secret;

    /// <summary>True when the file did not exist and was created by this call.</summary>
    public bool Created { get; private init; }

    /// <summary>
    /// Reads the secret, or creates it on first start. A file of any other size than 32 bytes is refused: silently
    /// replacing or truncating a root secret would lose the node's funds.
    /// </summary>
    public static bool TryLoadOrCreate(string directory, [NotNullWhen(true)] out HsmSecret? secret, out string error)
    {
        secret = null;
        var path = Path.Combine(directory, FileName);
        try
        {
            if (File.Exists(path))
                return TryLoad(path, out secret, out error);

            Span<byte> fresh = stackalloc byte[Length];
            RandomNumberGenerator.Fill(fresh);
            try
            {
                // Written whole to a temporary name, synced, then renamed: a crash never leaves a short hsm_secret.
                var temp = path + ".tmp";
                File.Delete(temp);
                using (var stream = new FileStream(temp, new FileStreamOptions
                       {
                           Mode = FileMode.CreateNew,
                           Access = FileAccess.Write,
                           Share = FileShare.None,
                           UnixCreateMode = UnixFileMode.UserRead,
                       }))
                {
                    stream.Write(fresh);
                    stream.Flush(flushToDisk: true);
                }
                File.Move(temp, path, overwrite: false);
                secret = new HsmSecret(fresh) { Created = true };
                error = "";
                return true;
            }
            finally
            {
                CryptographicOperations.ZeroMemory(fresh);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            error = $"cannot read or create {path}: {e.Message}";
            return false;
        }
    }

    private static bool TryLoad(string path, [NotNullWhen(true)] out HsmSecret? secret, out string error)
    {
        secret = null;
        var length = new FileInfo(path).Length;
        if (length != Length)
        {
            error = $"{path} is {length} bytes, expected {Length}: refusing to start (restore the right file; it is the node's root secret)";
            return false;
        }
        var bytes = File.ReadAllBytes(path);
        try
        {
            if (bytes.Length != Length)
            {
                error = $"{path} changed size while being read";
                return false;
            }
            secret = new HsmSecret(bytes);
            error = "";
            return true;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(bytes);
        }
    }

    public void Dispose() => CryptographicOperations.ZeroMemory(_secret);
}
