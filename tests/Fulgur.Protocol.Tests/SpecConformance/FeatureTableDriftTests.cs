using System.Text.RegularExpressions;
using Fulgur.Protocol.Wire.Features;

namespace Fulgur.Protocol.Tests.SpecConformance;

/// <summary>Compares <see cref="KnownFeatures"/> with the table in BOLT 9, row for row.</summary>
public sealed partial class FeatureTableDriftTests
{
    [GeneratedRegex(@"^\|\s*(\d+)/(\d+)\s*\|\s*`(\w+)`\s*\|([^|]*)\|([^|]*)\|([^|]*)\|")]
    private static partial Regex Row();

    private static FeatureContexts ParseContext(string column)
    {
        var contexts = FeatureContexts.None;
        var text = column.Trim();
        for (var i = 0; i < text.Length; i++)
        {
            var next = i + 1 < text.Length ? text[i + 1] : ' ';
            contexts |= text[i] switch
            {
                'I' => FeatureContexts.Init,
                'N' => FeatureContexts.NodeAnnouncement,
                'C' when next == '-' => FeatureContexts.ChannelAnnouncementOddOnly,
                'C' when next == '+' => FeatureContexts.ChannelAnnouncementEvenOnly,
                'C' => FeatureContexts.ChannelAnnouncement,
                '9' => FeatureContexts.Invoice,
                'B' => FeatureContexts.BlindedPath,
                'T' => FeatureContexts.ChannelType,
                '-' or '+' => FeatureContexts.None,
                _ => throw new InvalidOperationException($"unknown context letter '{text[i]}' in '{column}'"),
            };
        }
        return contexts;
    }

    [SkippableFact]
    public void Known_features_match_the_bolt9_table()
    {
        var rows = BoltDocument.Load("09-features.md").Lines
            .Select(l => Row().Match(l))
            .Where(m => m.Success)
            .ToList();
        Assert.NotEmpty(rows);
        var problems = new List<string>();
        foreach (var row in rows)
        {
            var even = int.Parse(row.Groups[1].Value);
            var name = row.Groups[3].Value;
            var description = row.Groups[4].Value.Trim();
            var contexts = ParseContext(row.Groups[5].Value);
            var dependencies = Regex.Matches(row.Groups[6].Value, @"`(\w+)`").Select(m => m.Groups[1].Value).ToList();
            if (!KnownFeatures.TryGetByName(name, out var feature))
            {
                problems.Add($"{name} ({even}) is missing from KnownFeatures");
                continue;
            }
            if (feature.CompulsoryBit != even || feature.OptionalBit != int.Parse(row.Groups[2].Value))
                problems.Add($"{name}: bits {feature.CompulsoryBit}/{feature.OptionalBit}, spec {even}/{row.Groups[2].Value}");
            if (feature.Contexts != contexts)
                problems.Add($"{name}: context {feature.Contexts}, spec {contexts}");
            if (feature.IsAssumed != (description == "ASSUMED"))
                problems.Add($"{name}: assumed {feature.IsAssumed}, spec description '{description}'");
            if (!feature.Dependencies.Select(d => d.Name).SequenceEqual(dependencies))
                problems.Add($"{name}: dependencies {string.Join(",", feature.Dependencies.Select(d => d.Name))}, spec {string.Join(",", dependencies)}");
        }
        var specNames = rows.Select(r => r.Groups[3].Value).ToHashSet();
        problems.AddRange(KnownFeatures.All.Where(f => !specNames.Contains(f.Name)).Select(f => $"{f.Name} is not in BOLT 9"));
        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
        Assert.Equal(rows.Count, KnownFeatures.All.Count);
    }

    [Fact]
    public void Known_features_are_in_bit_order_without_overlaps()
    {
        var bits = KnownFeatures.All.Select(f => f.CompulsoryBit).ToList();
        Assert.Equal(bits.Order(), bits);
        Assert.Equal(bits.Count, bits.Distinct().Count());
        Assert.All(KnownFeatures.All, f => Assert.All(f.Dependencies, d => Assert.Contains(d, KnownFeatures.All)));
    }
}
