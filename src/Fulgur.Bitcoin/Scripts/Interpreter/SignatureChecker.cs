using Fulgur.Bitcoin.Sighash;
using Fulgur.Bitcoin.Transactions;
using Fulgur.Crypto;

namespace Fulgur.Bitcoin.Scripts.Interpreter;

/// <summary>Which rules a script runs under: legacy (including P2SH) or segwit v0 (BIP143 sighash, no FindAndDelete).</summary>
public enum SigVersion
{
    Base,
    WitnessV0,
}

/// <summary>What the interpreter needs from the spending transaction: signature checks and locktime comparisons.</summary>
public interface ISignatureChecker
{
    /// <summary>Checks a stack signature (DER plus hash type byte) against a stack public key over <paramref name="scriptCode"/>.</summary>
    bool CheckEcdsaSignature(ReadOnlySpan<byte> signature, ReadOnlySpan<byte> publicKey, Script scriptCode, SigVersion sigVersion);

    bool CheckLockTime(long lockTime);

    bool CheckSequence(long sequence);
}

/// <summary>bitcoind's TransactionSignatureChecker: checks against input <see cref="InputIndex"/> of a transaction.</summary>
public sealed class TransactionSignatureChecker : ISignatureChecker
{
    /// <summary>BIP65: "nLockTime ... values less than 500,000,000 are interpreted as block heights".</summary>
    public const uint LockTimeThreshold = 500_000_000;

    private readonly SegwitV0SighashCache _cache;

    /// <param name="amount">The value of the output being spent (BIP143 signs it).</param>
    /// <param name="cache">Shared per-transaction BIP143 hashes; made on demand when null.</param>
    public TransactionSignatureChecker(Transaction transaction, int inputIndex, Satoshi amount, SegwitV0SighashCache? cache = null)
    {
        ArgumentNullException.ThrowIfNull(transaction);
        ArgumentOutOfRangeException.ThrowIfNegative(inputIndex);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(inputIndex, transaction.Inputs.Length);
        Transaction = transaction;
        InputIndex = inputIndex;
        Amount = amount;
        _cache = cache ?? new SegwitV0SighashCache(transaction);
    }

    public Transaction Transaction { get; }

    public int InputIndex { get; }

    public Satoshi Amount { get; }

    /// <summary>
    /// bitcoind's CheckECDSASignature: the key must parse, the signature be non-empty; the last byte is the hash type;
    /// the DER is read laxly and S normalized before verifying, as consensus requires.
    /// </summary>
    public bool CheckEcdsaSignature(ReadOnlySpan<byte> signature, ReadOnlySpan<byte> publicKey, Script scriptCode, SigVersion sigVersion)
    {
        ArgumentNullException.ThrowIfNull(scriptCode);
        if (!IsValidPublicKeySize(publicKey) || !PublicKey.TryParse(publicKey, out var key))
            return false;
        if (signature.IsEmpty)
            return false;
        var hashType = new SigHashType(signature[^1]);
        if (!SignatureEncoding.TryParseLaxDer(signature[..^1], out var parsed) || parsed is null)
            return false;
        var sighash = sigVersion == SigVersion.WitnessV0
            ? SignatureHash.ComputeSegwitV0(Transaction, InputIndex, scriptCode, Amount, hashType, _cache)
            : SignatureHash.ComputeLegacy(Transaction, InputIndex, scriptCode, hashType);
        return key.Verify(sighash, parsed.Normalize());
    }

    /// <summary>
    /// BIP65: fails unless the transaction's nLockTime is of the same kind (height or time) and at least
    /// <paramref name="lockTime"/>, and the input is not final (a final input would disable nLockTime).
    /// </summary>
    public bool CheckLockTime(long lockTime)
    {
        long txLockTime = Transaction.LockTime;
        var sameKind = (txLockTime < LockTimeThreshold && lockTime < LockTimeThreshold)
            || (txLockTime >= LockTimeThreshold && lockTime >= LockTimeThreshold);
        if (!sameKind || lockTime > txLockTime)
            return false;
        return Transaction.Inputs[InputIndex].Sequence != TxIn.SequenceFinal;
    }

    /// <summary>
    /// BIP112: fails unless the transaction is version 2 or later, the input's nSequence has relative locktime enabled,
    /// is of the same kind (blocks or 512-second units) and at least <paramref name="sequence"/>.
    /// </summary>
    public bool CheckSequence(long sequence)
    {
        long txSequence = Transaction.Inputs[InputIndex].Sequence;
        if (Transaction.Version < 2)
            return false;
        if ((txSequence & TxIn.SequenceLockTimeDisableFlag) != 0)
            return false;
        const long mask = TxIn.SequenceLockTimeTypeFlag | TxIn.SequenceLockTimeMask;
        var txMasked = txSequence & mask;
        var masked = sequence & mask;
        var sameKind = (txMasked < TxIn.SequenceLockTimeTypeFlag && masked < TxIn.SequenceLockTimeTypeFlag)
            || (txMasked >= TxIn.SequenceLockTimeTypeFlag && masked >= TxIn.SequenceLockTimeTypeFlag);
        return sameKind && masked <= txMasked;
    }

    /// <summary>bitcoind's CPubKey::IsValid size check: the header byte fixes the length (33 for 02/03, 65 for 04/06/07).</summary>
    private static bool IsValidPublicKeySize(ReadOnlySpan<byte> key) =>
        key.Length > 0 && key[0] switch
        {
            0x02 or 0x03 => key.Length == 33,
            0x04 or 0x06 or 0x07 => key.Length == 65,
            _ => false,
        };
}
