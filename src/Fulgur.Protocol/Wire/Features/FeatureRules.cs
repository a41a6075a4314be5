namespace Fulgur.Protocol.Wire.Features;

/// <summary>What is wrong with a feature vector.</summary>
public enum FeatureViolationKind
{
    /// <summary>An even bit we do not know or support (BOLT 1: close the connection).</summary>
    UnknownRequiredBit,

    /// <summary>A feature set without one of its dependencies (BOLT 1: close the connection).</summary>
    MissingDependency,

    /// <summary>Both bits of a pair set (BOLT 9: a sender must not; a receiver treats it as mandatory).</summary>
    BothBitsSet,

    /// <summary>A feature set in a field its Context column does not list (BOLT 9: a sender must not).</summary>
    NotAllowedInContext,
}

/// <summary>One rule a feature vector breaks, with the bit at fault.</summary>
public readonly record struct FeatureViolation(FeatureViolationKind Kind, int Bit, string Detail)
{
    public override string ToString() => $"{Kind} (bit {Bit}): {Detail}";
}

/// <summary>The BOLT 1 and BOLT 9 checks on feature vectors, ours and our peers'.</summary>
public static class FeatureRules
{
    /// <summary>
    /// Even bits in <paramref name="remote"/> that name a feature <paramref name="local"/> offers neither bit of and
    /// the spec does not ASSUMED. <paramref name="local"/> is everything we support.
    /// </summary>
    public static IReadOnlyList<FeatureViolation> UnknownRequiredBits(FeatureBits remote, FeatureBits local)
    {
        ArgumentNullException.ThrowIfNull(remote);
        ArgumentNullException.ThrowIfNull(local);
        var violations = new List<FeatureViolation>();
        foreach (var bit in remote.SetBits)
        {
            // BOLT #1: "upon receiving unknown _even_ feature bits that are non-zero: - MUST close the connection."
            if (bit % 2 != 0 || local.IsSet(bit) || local.IsSet(bit + 1))
                continue;
            if (KnownFeatures.TryGetByBit(bit, out var feature) && feature.IsAssumed)
                continue;
            var name = feature?.Name ?? "an unassigned feature";
            violations.Add(new FeatureViolation(FeatureViolationKind.UnknownRequiredBit, bit, $"requires {name}, which we do not support"));
        }
        return violations;
    }

    /// <summary>Features set without a dependency; ASSUMED dependencies count as set.</summary>
    public static IReadOnlyList<FeatureViolation> MissingDependencies(FeatureBits features)
    {
        ArgumentNullException.ThrowIfNull(features);
        var violations = new List<FeatureViolation>();
        foreach (var feature in KnownFeatures.All)
        {
            if (!features.Offers(feature))
                continue;
            // BOLT #1: "if the feature vector does not set all known, transitive dependencies: - MUST close the connection."
            // Every set feature's direct dependencies must be set, so each dependency's own dependencies are checked in turn.
            foreach (var dependency in feature.Dependencies)
            {
                if (!features.HasOrAssumes(dependency))
                {
                    var bit = features.IsSet(feature.CompulsoryBit) ? feature.CompulsoryBit : feature.OptionalBit;
                    violations.Add(new FeatureViolation(FeatureViolationKind.MissingDependency, bit,
                        $"{feature.Name} is set without {dependency.Name}"));
                }
            }
        }
        return violations;
    }

    /// <summary>Pairs with both bits set.</summary>
    public static IReadOnlyList<FeatureViolation> BothBitsSet(FeatureBits features)
    {
        ArgumentNullException.ThrowIfNull(features);
        var violations = new List<FeatureViolation>();
        foreach (var bit in features.SetBits)
        {
            // BOLT #9: "MUST NOT set both the optional and mandatory bits."
            if (bit % 2 == 0 && features.IsSet(bit + 1))
            {
                var name = KnownFeatures.TryGetByBit(bit, out var feature) ? feature.Name : $"bits {bit}/{bit + 1}";
                violations.Add(new FeatureViolation(FeatureViolationKind.BothBitsSet, bit, $"{name} has both bits set"));
            }
        }
        return violations;
    }

    /// <summary>
    /// Known features set where the Context column does not present them. ASSUMED features are exempt: nodes keep
    /// setting their bits for older peers. C- and C+ also check the parity the column demands.
    /// </summary>
    public static IReadOnlyList<FeatureViolation> OutsideContext(FeatureBits features, FeatureContexts context)
    {
        ArgumentNullException.ThrowIfNull(features);
        var violations = new List<FeatureViolation>();
        foreach (var bit in features.SetBits)
        {
            if (!KnownFeatures.TryGetByBit(bit, out var feature) || feature.IsAssumed)
                continue;
            // BOLT #9: "MUST NOT set feature bits in fields not specified by the table above."
            var allowed = (feature.Contexts & context) != 0;
            if (context == FeatureContexts.ChannelAnnouncement)
            {
                allowed = (feature.Contexts & FeatureContexts.ChannelAnnouncement) != 0
                    || ((feature.Contexts & FeatureContexts.ChannelAnnouncementOddOnly) != 0 && bit % 2 == 1)
                    || ((feature.Contexts & FeatureContexts.ChannelAnnouncementEvenOnly) != 0 && bit % 2 == 0);
            }
            if (!allowed)
                violations.Add(new FeatureViolation(FeatureViolationKind.NotAllowedInContext, bit, $"{feature.Name} is not presented in {context}"));
        }
        return violations;
    }

    /// <summary>
    /// The checks a receiver applies to a peer's <c>init</c> features (global and local already ORed): unknown
    /// required bits and missing dependencies. An empty list means the connection may continue.
    /// </summary>
    public static IReadOnlyList<FeatureViolation> ValidateRemote(FeatureBits remote, FeatureBits local) =>
        [.. UnknownRequiredBits(remote, local), .. MissingDependencies(remote)];

    /// <summary>The checks an origin applies to a vector it is about to send in <paramref name="context"/>.</summary>
    public static IReadOnlyList<FeatureViolation> ValidateLocal(FeatureBits features, FeatureContexts context) =>
        [.. BothBitsSet(features), .. MissingDependencies(features), .. OutsideContext(features, context)];

    /// <summary>
    /// Whether <paramref name="feature"/> is negotiated on a connection.
    /// </summary>
    public static bool IsNegotiated(Feature feature, FeatureBits local, FeatureBits remote)
    {
        ArgumentNullException.ThrowIfNull(feature);
        ArgumentNullException.ThrowIfNull(local);
        ArgumentNullException.ThrowIfNull(remote);
        if (feature.IsAssumed)
            return true;
        // BOLT #1: "A feature is *negotiated* if either both peers offered it, or the local node offered it as even"
        return (local.Offers(feature) && remote.Offers(feature)) || local.SupportOf(feature) == FeatureSupport.Compulsory;
    }
}
