using Fulgur.Bitcoin;
using Fulgur.Bitcoin.Scripts;
using Fulgur.Bitcoin.Sighash;
using Fulgur.Bitcoin.Transactions;
using Fulgur.Crypto;
using Fulgur.Protocol.Types;

namespace Fulgur.Protocol.Channels;

/// <summary>Which second-stage transaction spends an HTLC output of the owner's commitment.</summary>
public enum HtlcTransactionKind
{
    /// <summary>Spends an offered HTLC output of the owner's commitment after <c>cltv_expiry</c>.</summary>
    Timeout = 0,

    /// <summary>Spends a received HTLC output of the owner's commitment with the payment preimage.</summary>
    Success = 1,
}

/// <summary>
/// An unsigned HTLC-timeout or HTLC-success transaction spending one HTLC output of a commitment transaction, with
/// what its signatures commit to.
/// </summary>
public sealed class HtlcTransaction
{
    internal HtlcTransaction(
        HtlcTransactionKind kind, Transaction transaction, int commitmentOutputIndex, CommitmentHtlc htlc, Script htlcScript,
        Satoshi inputAmount, Script outputScript, CommitmentFormat format)
    {
        Kind = kind;
        Transaction = transaction;
        CommitmentOutputIndex = commitmentOutputIndex;
        Htlc = htlc;
        HtlcScript = htlcScript;
        InputAmount = inputAmount;
        OutputScript = outputScript;
        Format = format;
    }

    public HtlcTransactionKind Kind { get; }

    /// <summary>The transaction without witness.</summary>
    public Transaction Transaction { get; }

    /// <summary>The index of the spent HTLC output in the commitment transaction.</summary>
    public int CommitmentOutputIndex { get; }

    public CommitmentHtlc Htlc { get; }

    /// <summary>The witness script of the spent commitment output (the script code both signatures commit to).</summary>
    public Script HtlcScript { get; }

    /// <summary>The value of the spent commitment output.</summary>
    public Satoshi InputAmount { get; }

    /// <summary>The witness script of this transaction's only output (revocable, delayed to the owner).</summary>
    public Script OutputScript { get; }

    public CommitmentFormat Format { get; }

    /// <summary>
    /// The sighash type of the peer's signature: BOLT #5: "`SIGHASH_SINGLE|SIGHASH_ANYONECANPAY` MUST be used on the
    /// HTLC signatures received from the peer" with <c>option_anchors</c>; <c>SIGHASH_ALL</c> otherwise.
    /// </summary>
    public SigHashType RemoteSigHashType => Format == CommitmentFormat.AnchorOutputs ? SigHashType.SingleAnyoneCanPay : SigHashType.All;

    /// <summary>The sighash type of the owner's own signature: BOLT #5: "The local signature MUST use `SIGHASH_ALL`".</summary>
    public static SigHashType LocalSigHashType => SigHashType.All;

    /// <summary>The digest a signature with <paramref name="hashType"/> commits to (BIP143 over <see cref="HtlcScript"/>).</summary>
    public byte[] SignatureHash(SigHashType hashType) =>
        Bitcoin.Sighash.SignatureHash.ComputeSegwitV0(Transaction, 0, HtlcScript, InputAmount, hashType);

    /// <summary>The signed transaction: the peer's and the owner's signatures, and the preimage for HTLC-success.</summary>
    public Transaction WithWitness(EcdsaSignature remoteSignature, EcdsaSignature localSignature, Preimage? preimage)
    {
        // BOLT #3: "`txin[0]` witness stack: `0 <remotehtlcsig> <localhtlcsig>  <payment_preimage>` for HTLC-success,
        // `0 <remotehtlcsig> <localhtlcsig> <>` for HTLC-timeout"
        ArgumentNullException.ThrowIfNull(remoteSignature);
        ArgumentNullException.ThrowIfNull(localSignature);
        if ((Kind == HtlcTransactionKind.Success) != preimage.HasValue)
            throw new ArgumentException("an HTLC-success witness needs the preimage and an HTLC-timeout witness none", nameof(preimage));
        if (preimage is { } p && p.Hash != Htlc.PaymentHash)
            throw new ArgumentException("the preimage does not match the payment hash", nameof(preimage));
        var witness = Witness.Create(
            [],
            Bolt3Signatures.WitnessSignature(remoteSignature, RemoteSigHashType),
            Bolt3Signatures.WitnessSignature(localSignature, LocalSigHashType),
            preimage?.ToArray() ?? [],
            HtlcScript.ToBytes());
        return Transaction.WithWitness(0, witness);
    }
}
