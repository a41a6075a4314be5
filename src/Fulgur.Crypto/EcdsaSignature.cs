using System.Diagnostics.CodeAnalysis;
using Fulgur.Crypto.Secp256k1;

namespace Fulgur.Crypto;

/// <summary>An ECDSA signature (r, s) as libsecp256k1 holds it; converts between the 64-byte compact form the BOLTs
/// put on the wire and the strict DER form Bitcoin puts in witnesses.</summary>
public sealed unsafe class EcdsaSignature : IEquatable<EcdsaSignature>
{
    public const int CompactLength = 64;

    private readonly byte[] _native;

    private EcdsaSignature(byte[] native) => _native = native;

    internal ReadOnlySpan<byte> NativeBytes => _native;

    internal static EcdsaSignature FromNative(byte[] native) => new(native);

    /// <summary>Strict DER (BIP 66 shape) as libsecp256k1 parses it; high-S is accepted here and caught by
    /// <see cref="IsLowS"/> or verification.</summary>
    public static bool TryParseDer(ReadOnlySpan<byte> der, [NotNullWhen(true)] out EcdsaSignature? signature)
    {
        signature = null;
        if (der.IsEmpty || der.Length > 72)
            return false;
        var native = new byte[Native.SignatureSize];
        fixed (byte* n = native)
        fixed (byte* d = der)
        {
            if (Native.SignatureParseDer(Context.Ptr, n, d, (nuint)der.Length) != 1)
                return false;
        }
        signature = new EcdsaSignature(native);
        return true;
    }

    /// <summary>64 bytes r || s, big-endian; false when r or s is not below the curve order.</summary>
    public static bool TryParseCompact(ReadOnlySpan<byte> compact64, [NotNullWhen(true)] out EcdsaSignature? signature)
    {
        signature = null;
        if (compact64.Length != CompactLength)
            return false;
        var native = new byte[Native.SignatureSize];
        fixed (byte* n = native)
        fixed (byte* c = compact64)
        {
            if (Native.SignatureParseCompact(Context.Ptr, n, c) != 1)
                return false;
        }
        signature = new EcdsaSignature(native);
        return true;
    }

    public byte[] ToDer()
    {
        Span<byte> buffer = stackalloc byte[72];
        nuint len = 72;
        fixed (byte* o = buffer)
        fixed (byte* n = _native)
        {
            if (Native.SignatureSerializeDer(Context.Ptr, o, &len, n) != 1)
                throw new InvalidOperationException("secp256k1_ecdsa_signature_serialize_der failed");
        }
        return buffer[..(int)len].ToArray();
    }

    public byte[] ToCompact()
    {
        var output = new byte[CompactLength];
        WriteCompact(output);
        return output;
    }

    public void WriteCompact(Span<byte> destination64)
    {
        if (destination64.Length < CompactLength)
            throw new ArgumentException("destination must hold 64 bytes", nameof(destination64));
        fixed (byte* o = destination64)
        fixed (byte* n = _native)
        {
            if (Native.SignatureSerializeCompact(Context.Ptr, o, n) != 1)
                throw new InvalidOperationException("secp256k1_ecdsa_signature_serialize_compact failed");
        }
    }

    /// <summary>True when s ≤ n/2, as Bitcoin's standardness rules and libsecp256k1's verify require.</summary>
    public bool IsLowS
    {
        get
        {
            var scratch = new byte[Native.SignatureSize];
            fixed (byte* o = scratch)
            fixed (byte* n = _native)
            {
                return Native.SignatureNormalize(Context.Ptr, o, n) == 0;
            }
        }
    }

    /// <summary>The same signature with s replaced by n − s when s is high.</summary>
    public EcdsaSignature Normalize()
    {
        var output = new byte[Native.SignatureSize];
        fixed (byte* o = output)
        fixed (byte* n = _native)
        {
            _ = Native.SignatureNormalize(Context.Ptr, o, n); // returns whether s changed, not success
        }
        return new EcdsaSignature(output);
    }

    public bool Equals(EcdsaSignature? other) => other is not null && ToCompact().AsSpan().SequenceEqual(other.ToCompact());

    public override bool Equals(object? obj) => Equals(obj as EcdsaSignature);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.AddBytes(ToCompact());
        return hash.ToHashCode();
    }

    public override string ToString() => Hex.Encode(ToCompact());
}
