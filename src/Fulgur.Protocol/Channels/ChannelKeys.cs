using Fulgur.Crypto;

namespace Fulgur.Protocol.Channels;

/// <summary>
/// Our secrets for one channel: the funding key, the four basepoint secrets and the per-commitment seed. The signer
/// (and nothing else) holds an instance; everything else works with <see cref="Basepoints"/>.
/// </summary>
public sealed class ChannelKeys : IDisposable
{
    public ChannelKeys(
        PrivateKey fundingKey,
        PrivateKey revocationBasepointSecret,
        PrivateKey paymentBasepointSecret,
        PrivateKey delayedPaymentBasepointSecret,
        PrivateKey htlcBasepointSecret,
        PerCommitmentSecretGenerator perCommitmentSecrets)
    {
        FundingKey = fundingKey ?? throw new ArgumentNullException(nameof(fundingKey));
        RevocationBasepointSecret = revocationBasepointSecret ?? throw new ArgumentNullException(nameof(revocationBasepointSecret));
        PaymentBasepointSecret = paymentBasepointSecret ?? throw new ArgumentNullException(nameof(paymentBasepointSecret));
        DelayedPaymentBasepointSecret = delayedPaymentBasepointSecret
            ?? throw new ArgumentNullException(nameof(delayedPaymentBasepointSecret));
        HtlcBasepointSecret = htlcBasepointSecret ?? throw new ArgumentNullException(nameof(htlcBasepointSecret));
        PerCommitmentSecrets = perCommitmentSecrets ?? throw new ArgumentNullException(nameof(perCommitmentSecrets));
        Basepoints = new ChannelBasepoints(
            fundingKey.PublicKey,
            revocationBasepointSecret.PublicKey,
            paymentBasepointSecret.PublicKey,
            delayedPaymentBasepointSecret.PublicKey,
            htlcBasepointSecret.PublicKey);
    }

    public PrivateKey FundingKey { get; }

    public PrivateKey RevocationBasepointSecret { get; }

    public PrivateKey PaymentBasepointSecret { get; }

    public PrivateKey DelayedPaymentBasepointSecret { get; }

    public PrivateKey HtlcBasepointSecret { get; }

    public PerCommitmentSecretGenerator PerCommitmentSecrets { get; }

    public ChannelBasepoints Basepoints { get; }

    /// <summary>Our <c>per_commitment_point</c> for commitment <paramref name="number"/>.</summary>
    public PublicKey PerCommitmentPoint(CommitmentNumber number) => PerCommitmentSecrets.PointFor(number);

    /// <summary>Our HTLC private key (<c>local_htlcpubkey</c> on our commitment, <c>remote_htlcpubkey</c> on theirs) for a point.</summary>
    public PrivateKey HtlcKey(PublicKey perCommitmentPoint) => KeyDerivation.DerivePrivateKey(HtlcBasepointSecret, perCommitmentPoint);

    /// <summary>Our <c>local_delayedpubkey</c> private key for our commitment with the given point.</summary>
    public PrivateKey DelayedPaymentKey(PublicKey perCommitmentPoint) =>
        KeyDerivation.DerivePrivateKey(DelayedPaymentBasepointSecret, perCommitmentPoint);

    /// <summary>The revocation private key for the peer's commitment whose per-commitment secret they revealed.</summary>
    public PrivateKey RevocationKey(PerCommitmentSecret revealedSecret) =>
        KeyDerivation.DeriveRevocationPrivateKey(RevocationBasepointSecret, revealedSecret);

    public void Dispose()
    {
        FundingKey.Dispose();
        RevocationBasepointSecret.Dispose();
        PaymentBasepointSecret.Dispose();
        DelayedPaymentBasepointSecret.Dispose();
        HtlcBasepointSecret.Dispose();
    }
}
