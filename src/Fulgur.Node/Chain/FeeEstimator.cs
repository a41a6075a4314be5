using Fulgur.Bitcoin.Fees;
using Fulgur.Node.Logging;

namespace Fulgur.Node.Chain;

/// <summary>How urgently a transaction should confirm; each maps to an estimatesmartfee target and mode.</summary>
public enum FeeTarget
{
    /// <summary>2 blocks, CONSERVATIVE (Core Lightning's "urgent").</summary>
    Urgent,
    /// <summary>6 blocks, ECONOMICAL (Core Lightning's "normal").</summary>
    Normal,
    /// <summary>100 blocks, ECONOMICAL (Core Lightning's "slow").</summary>
    Slow,
}

/// <summary>Fee rates for our transactions (LDK's fee estimator edge).</summary>
public interface IFeeEstimator
{
    Task<FeeRate> GetFeeRateAsync(FeeTarget target, CancellationToken cancellationToken);
}

/// <summary>
/// estimatesmartfee with a documented fallback for when the backend has no data (always the case on a fresh regtest
/// chain) or cannot be reached: <see cref="OnchainFallback"/> = 2 sat/vB (500 sat/kw) for on-chain spends, and never
/// below <see cref="FeeRate.Floor"/> (253 sat/kw, BOLT 3's minimum that bitcoind relays).
/// </summary>
public sealed class FeeEstimator(IFeeSource source, Logger log) : IFeeEstimator
{
    /// <summary>The rate used when the backend has no estimate: 2 sat/vB.</summary>
    public static readonly FeeRate OnchainFallback = FeeRate.FromSatPerVByte(2);

    private bool _warned;

    public static (int Blocks, EstimateMode Mode) TargetOf(FeeTarget target) => target switch
    {
        FeeTarget.Urgent => (2, EstimateMode.Conservative),
        FeeTarget.Slow => (100, EstimateMode.Economical),
        _ => (6, EstimateMode.Economical),
    };

    public async Task<FeeRate> GetFeeRateAsync(FeeTarget target, CancellationToken cancellationToken)
    {
        var (blocks, mode) = TargetOf(target);
        FeeRate? estimate;
        try
        {
            estimate = await source.EstimateSmartFeeAsync(blocks, mode, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is BitcoindUnavailableException or BitcoindRpcException)
        {
            estimate = null;
        }
        if (estimate is not { } rate)
        {
            if (!_warned)
                log.Info($"no fee estimate from the backend; using the fallback {OnchainFallback.SatPerVByte} sat/vB");
            _warned = true;
            return OnchainFallback;
        }
        return rate < FeeRate.Floor ? FeeRate.Floor : rate;
    }
}
