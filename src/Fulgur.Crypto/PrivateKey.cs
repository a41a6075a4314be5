using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using Fulgur.Crypto.Secp256k1;

namespace Fulgur.Crypto;

/// <summary>
/// A valid secp256k1 secret key (0 &lt; k &lt; n). The secret lives in a pinned buffer, so the GC never leaves copies
/// behind, and is zeroed on <see cref="Dispose"/>; using a disposed key throws.
/// </summary>
public sealed unsafe class PrivateKey : IDisposable
{
    public const int Length = 32;

    private readonly byte[] _secret = GC.AllocateArray<byte>(Length, pinned: true);
    private PublicKey? _publicKey;
    private bool _disposed;

    private PrivateKey(ReadOnlySpan<byte> secret) => secret.CopyTo(_secret);

    public static bool TryCreate(ReadOnlySpan<byte> secret32, [NotNullWhen(true)] out PrivateKey? key)
    {
        key = null;
        if (secret32.Length != Length)
            return false;
        fixed (byte* s = secret32)
        {
            if (Native.SeckeyVerify(Context.Ptr, s) != 1)
                return false;
        }
        key = new PrivateKey(secret32);
        return true;
    }

    public static PrivateKey Create(ReadOnlySpan<byte> secret32) =>
        TryCreate(secret32, out var key) ? key : throw new ArgumentException("not a valid secp256k1 secret key", nameof(secret32));

    public static PrivateKey FromHex(string hex)
    {
        var bytes = Hex.Decode(hex);
        try
        {
            return Create(bytes);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(bytes);
        }
    }

    /// <summary>A fresh key from the OS CSPRNG.</summary>
    public static PrivateKey Generate()
    {
        Span<byte> buffer = stackalloc byte[Length];
        try
        {
            while (true)
            {
                RandomNumberGenerator.Fill(buffer);
                if (TryCreate(buffer, out var key))
                    return key;
            }
        }
        finally
        {
            CryptographicOperations.ZeroMemory(buffer);
        }
    }

    public PublicKey PublicKey => _publicKey ??= DerivePublicKey();

    /// <summary>A copy of the secret; the caller owns (and should zero) it.</summary>
    public byte[] ToBytes()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        return (byte[])_secret.Clone();
    }

    /// <summary>ECDSA over a 32-byte digest with RFC 6979 nonces; libsecp256k1 always produces low-S.</summary>
    public EcdsaSignature Sign(ReadOnlySpan<byte> hash32)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        RequireDigest(hash32);
        var sig = new byte[Native.SignatureSize];
        fixed (byte* o = sig)
        fixed (byte* m = hash32)
        fixed (byte* k = _secret)
        {
            if (Native.EcdsaSign(Context.Ptr, o, m, k, IntPtr.Zero, null) != 1)
                throw new CryptographicException("secp256k1_ecdsa_sign failed");
        }
        return EcdsaSignature.FromNative(sig);
    }

    /// <summary>A signature from which the public key can be recovered (BOLT 11 invoices).</summary>
    public RecoverableSignature SignRecoverable(ReadOnlySpan<byte> hash32)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        RequireDigest(hash32);
        var sig = new byte[Native.RecoverableSize];
        fixed (byte* o = sig)
        fixed (byte* m = hash32)
        fixed (byte* k = _secret)
        {
            if (Native.EcdsaSignRecoverable(Context.Ptr, o, m, k, IntPtr.Zero, null) != 1)
                throw new CryptographicException("secp256k1_ecdsa_sign_recoverable failed");
        }
        return RecoverableSignature.FromNative(sig);
    }

    /// <summary>SHA256 of the compressed shared point k·P: the ECDH of BOLT 4 and BOLT 8 (libsecp256k1's default hash).</summary>
    public byte[] Ecdh(PublicKey other)
    {
        ArgumentNullException.ThrowIfNull(other);
        var output = new byte[32];
        Ecdh(other, output);
        return output;
    }

    public void Ecdh(PublicKey other, Span<byte> output32)
    {
        ArgumentNullException.ThrowIfNull(other);
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (output32.Length < 32)
            throw new ArgumentException("output must hold 32 bytes", nameof(output32));
        fixed (byte* o = output32)
        fixed (byte* p = other.NativeBytes)
        fixed (byte* k = _secret)
        {
            if (Native.Ecdh(Context.Ptr, o, p, k, IntPtr.Zero, null) != 1)
                throw new CryptographicException("secp256k1_ecdh failed");
        }
    }

    /// <summary>(k + tweak) mod n.</summary>
    public PrivateKey TweakAdd(ReadOnlySpan<byte> tweak32) => Tweak(tweak32, mul: false);

    /// <summary>(k · tweak) mod n.</summary>
    public PrivateKey TweakMul(ReadOnlySpan<byte> tweak32) => Tweak(tweak32, mul: true);

    /// <summary>n − k.</summary>
    public PrivateKey Negate()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var result = new PrivateKey(_secret);
        fixed (byte* k = result._secret)
        {
            if (Native.SeckeyNegate(Context.Ptr, k) != 1)
                throw new CryptographicException("secp256k1_ec_seckey_negate failed");
        }
        return result;
    }

    private PrivateKey Tweak(ReadOnlySpan<byte> tweak32, bool mul)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (tweak32.Length != 32)
            throw new ArgumentException("a tweak is 32 bytes", nameof(tweak32));
        var result = new PrivateKey(_secret);
        fixed (byte* k = result._secret)
        fixed (byte* t = tweak32)
        {
            var ok = mul ? Native.SeckeyTweakMul(Context.Ptr, k, t) : Native.SeckeyTweakAdd(Context.Ptr, k, t);
            if (ok != 1)
            {
                result.Dispose();
                throw new ArgumentException("the tweak is out of range or gives a zero key", nameof(tweak32));
            }
        }
        return result;
    }

    private PublicKey DerivePublicKey()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var native = new byte[Native.PubKeySize];
        fixed (byte* n = native)
        fixed (byte* k = _secret)
        {
            if (Native.PubkeyCreate(Context.Ptr, n, k) != 1)
                throw new CryptographicException("secp256k1_ec_pubkey_create failed");
        }
        return PublicKey.FromNative(native);
    }

    private static void RequireDigest(ReadOnlySpan<byte> hash32)
    {
        if (hash32.Length != 32)
            throw new ArgumentException("a digest to sign is 32 bytes", nameof(hash32));
    }

    public void Dispose()
    {
        if (_disposed)
            return;
        CryptographicOperations.ZeroMemory(_secret);
        _disposed = true;
    }

    public override string ToString() => "PrivateKey(…)";
}
