using Fulgur.Bitcoin;
using Fulgur.Bitcoin.Scripts;
using Fulgur.Bitcoin.Transactions;
using Fulgur.Crypto;

namespace Fulgur.Protocol.Channels.Core;

/// <summary>
/// The only holder of a channel's secrets (funding key, basepoint secrets, per-commitment seed). The channel core asks
/// it for points, old secrets and signatures; a Node-layer signer (an in-process hsmd) implements it.
/// </summary>
public interface IChannelSigner
{
    ChannelBasepoints Basepoints { get; }

    PublicKey PerCommitmentPoint(CommitmentNumber number);

    /// <summary>The secret of our commitment <paramref name="number"/>, released when we revoke it.</summary>
    PerCommitmentSecret PerCommitmentSecret(CommitmentNumber number);

    /// <summary>Our funding-key signature of a commitment transaction (ours or the peer's).</summary>
    EcdsaSignature SignCommitment(CommitmentTransaction commitment);

    /// <summary>Our signatures of every HTLC transaction of the peer's commitment, in output order.</summary>
    IReadOnlyList<EcdsaSignature> SignRemoteHtlcs(CommitmentTransaction remoteCommitment);

    /// <summary>Our funding-key signature of a closing transaction.</summary>
    EcdsaSignature SignClosing(Transaction closing, Script fundingScript, Satoshi fundingAmount);

    /// <summary>
    /// Our delayed-payment-key signature (SIGHASH_ALL) of input <paramref name="inputIndex"/> of <paramref name="spend"/>,
    /// which spends a CSV-delayed output of our commitment with per-commitment point <paramref name="perCommitmentPoint"/>.
    /// </summary>
    EcdsaSignature SignDelayedSpend(Transaction spend, int inputIndex, Script witnessScript, Satoshi amount, PublicKey perCommitmentPoint);
}

/// <summary>A signer over an in-memory <see cref="ChannelKeys"/>.</summary>
public sealed class ChannelKeysSigner(ChannelKeys keys) : IChannelSigner
{
    private readonly ChannelKeys _keys = keys ?? throw new ArgumentNullException(nameof(keys));

    public ChannelBasepoints Basepoints => _keys.Basepoints;

    public PublicKey PerCommitmentPoint(CommitmentNumber number) => _keys.PerCommitmentPoint(number);

    public PerCommitmentSecret PerCommitmentSecret(CommitmentNumber number) => _keys.PerCommitmentSecrets.SecretFor(number);

    public EcdsaSignature SignCommitment(CommitmentTransaction commitment) => Bolt3Signatures.Sign(commitment, _keys.FundingKey);

    public IReadOnlyList<EcdsaSignature> SignRemoteHtlcs(CommitmentTransaction remoteCommitment)
    {
        ArgumentNullException.ThrowIfNull(remoteCommitment);
        using var htlcKey = _keys.HtlcKey(remoteCommitment.Keys.PerCommitmentPoint);
        return Bolt3Signatures.SignHtlcs(remoteCommitment, htlcKey);
    }

    public EcdsaSignature SignClosing(Transaction closing, Script fundingScript, Satoshi fundingAmount) =>
        Bolt3Signatures.SignFundingSpend(closing, fundingScript, fundingAmount, _keys.FundingKey);

    public EcdsaSignature SignDelayedSpend(Transaction spend, int inputIndex, Script witnessScript, Satoshi amount, PublicKey perCommitmentPoint)
    {
        ArgumentNullException.ThrowIfNull(perCommitmentPoint);
        using var key = _keys.DelayedPaymentKey(perCommitmentPoint);
        return key.Sign(Bitcoin.Sighash.SignatureHash.ComputeSegwitV0(spend, inputIndex, witnessScript, amount, Bitcoin.Sighash.SigHashType.All));
    }
}
