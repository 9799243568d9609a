# language: fr
@fr
Fonctionnalité: Français

  Contexte:
    Soit un contexte

  Scénario: premier
    Soit une étape

  Plan du scénario: plan <v>
    Soit <v>

    Exemples:
      | v |
      | a |
      | b |
