using System.Diagnostics.CodeAnalysis;
using Fulgur.Crypto.Secp256k1;

namespace Fulgur.Crypto;

/// <summary>An ECDSA signature with its recovery id (0–3), from which the signer's public key is recovered: BOLT 11
/// invoices carry one instead of the payee's key.</summary>
public sealed unsafe class RecoverableSignature
{
    private readonly byte[] _native;

    private RecoverableSignature(byte[] native) => _native = native;

    internal static RecoverableSignature FromNative(byte[] native) => new(native);

    public static bool TryParseCompact(ReadOnlySpan<byte> compact64, int recoveryId, [NotNullWhen(true)] out RecoverableSignature? signature)
    {
        signature = null;
        if (compact64.Length != 64 || recoveryId is < 0 or > 3)
            return false;
        var native = new byte[Native.RecoverableSize];
        fixed (byte* n = native)
        fixed (byte* c = compact64)
        {
            if (Native.RecoverableParseCompact(Context.Ptr, n, c, recoveryId) != 1)
                return false;
        }
        signature = new RecoverableSignature(native);
        return true;
    }

    public byte[] ToCompact(out int recoveryId)
    {
        var output = new byte[64];
        int recid;
        fixed (byte* o = output)
        fixed (byte* n = _native)
        {
            if (Native.RecoverableSerializeCompact(Context.Ptr, o, &recid, n) != 1)
                throw new InvalidOperationException("secp256k1_ecdsa_recoverable_signature_serialize_compact failed");
        }
        recoveryId = recid;
        return output;
    }

    public EcdsaSignature ToSignature()
    {
        var output = new byte[Native.SignatureSize];
        fixed (byte* o = output)
        fixed (byte* n = _native)
        {
            if (Native.RecoverableConvert(Context.Ptr, o, n) != 1)
                throw new InvalidOperationException("secp256k1_ecdsa_recoverable_signature_convert failed");
        }
        return EcdsaSignature.FromNative(output);
    }

    /// <summary>The public key that made this signature over <paramref name="hash32"/>; false if none exists.</summary>
    public bool TryRecover(ReadOnlySpan<byte> hash32, [NotNullWhen(true)] out PublicKey? key)
    {
        key = null;
        if (hash32.Length != 32)
            return false;
        var native = new byte[Native.PubKeySize];
        fixed (byte* p = native)
        fixed (byte* s = _native)
        fixed (byte* m = hash32)
        {
            if (Native.EcdsaRecover(Context.Ptr, p, s, m) != 1)
                return false;
        }
        key = PublicKey.FromNative(native);
        return true;
    }
}
