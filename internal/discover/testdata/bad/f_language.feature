# language: xx
Feature: Unknown
