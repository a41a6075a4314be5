using System.Diagnostics.CodeAnalysis;
using Fulgur.Crypto.Secp256k1;

namespace Fulgur.Crypto;

/// <summary>
/// A valid secp256k1 public key. Instances exist only for points libsecp256k1 accepted, so holding one means the
/// key is on the curve. Compares and hashes by its 33-byte compressed form.
/// </summary>
public sealed unsafe class PublicKey : IEquatable<PublicKey>
{
    public const int CompressedLength = 33;
    public const int UncompressedLength = 65;

    private readonly byte[] _native;      // secp256k1_pubkey, opaque
    private readonly byte[] _compressed;

    private PublicKey(byte[] native)
    {
        _native = native;
        _compressed = Serialize(native, Native.Compressed, CompressedLength);
    }

    /// <summary>The 33-byte SEC1 compressed encoding (02/03 || x).</summary>
    public ReadOnlySpan<byte> Compressed => _compressed;

    internal ReadOnlySpan<byte> NativeBytes => _native;

    /// <summary>Parses a 33-byte compressed or 65-byte uncompressed key; false for anything not on the curve.</summary>
    public static bool TryParse(ReadOnlySpan<byte> bytes, [NotNullWhen(true)] out PublicKey? key)
    {
        key = null;
        if (bytes.Length != CompressedLength && bytes.Length != UncompressedLength)
            return false;
        var native = new byte[Native.PubKeySize];
        fixed (byte* n = native)
        fixed (byte* b = bytes)
        {
            if (Native.PubkeyParse(Context.Ptr, n, b, (nuint)bytes.Length) != 1)
                return false;
        }
        key = new PublicKey(native);
        return true;
    }

    public static PublicKey Parse(ReadOnlySpan<byte> bytes) =>
        TryParse(bytes, out var key) ? key : throw new FormatException("not a valid secp256k1 public key");

    public static PublicKey FromHex(string hex) => Parse(Hex.Decode(hex));

    internal static PublicKey FromNative(byte[] native) => new(native);

    public byte[] ToCompressed() => (byte[])_compressed.Clone();

    public byte[] ToUncompressed() => Serialize(_native, Native.Uncompressed, UncompressedLength);

    public string ToHex() => Hex.Encode(_compressed);

    /// <summary>Verifies an ECDSA signature over a 32-byte digest. High-S signatures fail, as libsecp256k1 requires.</summary>
    public bool Verify(ReadOnlySpan<byte> hash32, EcdsaSignature signature)
    {
        ArgumentNullException.ThrowIfNull(signature);
        if (hash32.Length != 32)
            return false;
        fixed (byte* s = signature.NativeBytes)
        fixed (byte* m = hash32)
        fixed (byte* p = _native)
        {
            return Native.EcdsaVerify(Context.Ptr, s, m, p) == 1;
        }
    }

    /// <summary>P + tweak·G. Throws for a tweak ≥ n or a result at infinity (negligible unless the tweak is hostile).</summary>
    public PublicKey TweakAdd(ReadOnlySpan<byte> tweak32) => Tweak(tweak32, mul: false);

    /// <summary>tweak·P.</summary>
    public PublicKey TweakMul(ReadOnlySpan<byte> tweak32) => Tweak(tweak32, mul: true);

    public bool TryTweakAdd(ReadOnlySpan<byte> tweak32, [NotNullWhen(true)] out PublicKey? result) =>
        TryTweak(tweak32, mul: false, out result);

    public bool TryTweakMul(ReadOnlySpan<byte> tweak32, [NotNullWhen(true)] out PublicKey? result) =>
        TryTweak(tweak32, mul: true, out result);

    public PublicKey Negate()
    {
        var native = (byte[])_native.Clone();
        fixed (byte* n = native)
        {
            if (Native.PubkeyNegate(Context.Ptr, n) != 1)
                throw new InvalidOperationException("secp256k1_ec_pubkey_negate failed");
        }
        return new PublicKey(native);
    }

    /// <summary>The sum of the points; throws if the sum is the point at infinity or no keys are given.</summary>
    public static PublicKey Combine(params ReadOnlySpan<PublicKey> keys)
    {
        if (keys.Length == 0)
            throw new ArgumentException("no keys to combine", nameof(keys));
        var handles = new System.Runtime.InteropServices.GCHandle[keys.Length];
        var pointers = new IntPtr[keys.Length];
        try
        {
            for (var i = 0; i < keys.Length; i++)
            {
                handles[i] = System.Runtime.InteropServices.GCHandle.Alloc(keys[i]._native, System.Runtime.InteropServices.GCHandleType.Pinned);
                pointers[i] = handles[i].AddrOfPinnedObject();
            }
            var native = new byte[Native.PubKeySize];
            fixed (byte* n = native)
            fixed (IntPtr* ins = pointers)
            {
                if (Native.PubkeyCombine(Context.Ptr, n, (byte**)ins, (nuint)keys.Length) != 1)
                    throw new ArgumentException("the keys sum to the point at infinity", nameof(keys));
            }
            return new PublicKey(native);
        }
        finally
        {
            foreach (var h in handles)
            {
                if (h.IsAllocated)
                    h.Free();
            }
        }
    }

    private PublicKey Tweak(ReadOnlySpan<byte> tweak32, bool mul) =>
        TryTweak(tweak32, mul, out var result) ? result : throw new ArgumentException("invalid tweak", nameof(tweak32));

    private bool TryTweak(ReadOnlySpan<byte> tweak32, bool mul, [NotNullWhen(true)] out PublicKey? result)
    {
        result = null;
        if (tweak32.Length != 32)
            return false;
        var native = (byte[])_native.Clone();
        fixed (byte* n = native)
        fixed (byte* t = tweak32)
        {
            var ok = mul ? Native.PubkeyTweakMul(Context.Ptr, n, t) : Native.PubkeyTweakAdd(Context.Ptr, n, t);
            if (ok != 1)
                return false;
        }
        result = new PublicKey(native);
        return true;
    }

    private static byte[] Serialize(byte[] native, uint flags, int length)
    {
        var output = new byte[length];
        var len = (nuint)length;
        fixed (byte* o = output)
        fixed (byte* n = native)
        {
            if (Native.PubkeySerialize(Context.Ptr, o, &len, n, flags) != 1 || len != (nuint)length)
                throw new InvalidOperationException("secp256k1_ec_pubkey_serialize failed");
        }
        return output;
    }

    public bool Equals(PublicKey? other) => other is not null && _compressed.AsSpan().SequenceEqual(other._compressed);

    public override bool Equals(object? obj) => Equals(obj as PublicKey);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.AddBytes(_compressed);
        return hash.ToHashCode();
    }

    public static bool operator ==(PublicKey? a, PublicKey? b) => a is null ? b is null : a.Equals(b);

    public static bool operator !=(PublicKey? a, PublicKey? b) => !(a == b);

    public override string ToString() => ToHex();
}
