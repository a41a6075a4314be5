using System.Diagnostics.CodeAnalysis;
using Fulgur.Bitcoin.Scripts.Interpreter;
using Fulgur.Bitcoin.Transactions;
using Fulgur.Crypto;

namespace Fulgur.Bitcoin.Sighash;

/// <summary>
/// A signature as it appears in a scriptSig or witness: strict DER followed by one hash type byte.
/// <see cref="SignSegwitV0"/> and <see cref="SignLegacy"/> produce one for an input.
/// </summary>
public sealed record TransactionSignature(EcdsaSignature Signature, SigHashType HashType)
{
    /// <summary>DER || hash type byte, ready to push.</summary>
    public byte[] ToBytes()
    {
        var der = Signature.ToDer();
        return [.. der, (byte)HashType.Value];
    }

    /// <summary>Parses a stack signature with bitcoind's standardness rules: strict DER, low S, defined hash type.</summary>
    public static bool TryParse(ReadOnlySpan<byte> bytes, [NotNullWhen(true)] out TransactionSignature? signature)
    {
        signature = null;
        if (ScriptInterpreter.CheckSignatureEncoding(bytes, ScriptVerifyFlags.StrictEnc | ScriptVerifyFlags.LowS) != ScriptError.Ok
            || bytes.IsEmpty || !EcdsaSignature.TryParseDer(bytes[..^1], out var der))
            return false;
        signature = new TransactionSignature(der, new SigHashType(bytes[^1]));
        return true;
    }

    /// <summary>Signs input <paramref name="inputIndex"/> spending a segwit v0 output of <paramref name="amount"/> (BIP143).</summary>
    public static TransactionSignature SignSegwitV0(
        PrivateKey key, Transaction transaction, int inputIndex, Scripts.Script scriptCode, Satoshi amount, SigHashType hashType,
        SegwitV0SighashCache? cache = null)
    {
        ArgumentNullException.ThrowIfNull(key);
        var sighash = SignatureHash.ComputeSegwitV0(transaction, inputIndex, scriptCode, amount, hashType, cache);
        return new TransactionSignature(key.Sign(sighash), hashType);
    }

    /// <summary>Signs input <paramref name="inputIndex"/> with the original sighash (P2PKH, bare and P2SH scripts).</summary>
    public static TransactionSignature SignLegacy(PrivateKey key, Transaction transaction, int inputIndex, Scripts.Script scriptCode, SigHashType hashType)
    {
        ArgumentNullException.ThrowIfNull(key);
        var sighash = SignatureHash.ComputeLegacy(transaction, inputIndex, scriptCode, hashType);
        return new TransactionSignature(key.Sign(sighash), hashType);
    }
}
